import Notebook
import Script

extension CellBudget {
    /// The budget a notebook's front matter sets for each of its cells:
    ///
    ///     budget:
    ///       memory: 8 GB
    ///       time: 30 min
    ///
    /// Either key may be left out (memory then defaults to half of the machine, time to no limit).
    public init(frontMatter: FrontMatter, file: String) throws {
        self = .default
        guard let entry = frontMatter.entries.first(where: { $0.key == "budget" }) else { return }
        guard case .map(let entries) = entry.value else {
            throw RunnerError.badFrontMatter(file: file, line: entry.position.line,
                                             reason: "'budget' must be a map with 'memory:' and/or 'time:'")
        }
        for item in entries {
            switch item.key {
            case "memory":
                guard let text = item.value.text, let bytes = CellBudget.bytes(parsing: text) else {
                    throw RunnerError.badFrontMatter(file: file, line: item.position.line,
                                                     reason: "budget memory must be a size such as '4 GB' or '512 MB'")
                }
                memoryBytes = bytes
                residentBytes = bytes
            case "time":
                guard let text = item.value.text, let seconds = CellBudget.seconds(parsing: text) else {
                    throw RunnerError.badFrontMatter(file: file, line: item.position.line,
                                                     reason: "budget time must be a duration such as '90 s', '10 min' or '2 h'")
                }
                self.seconds = seconds
            default:
                throw RunnerError.badFrontMatter(file: file, line: item.position.line,
                                                 reason: "unknown budget '\(item.key)' (expected 'memory' or 'time')")
            }
        }
    }
}
