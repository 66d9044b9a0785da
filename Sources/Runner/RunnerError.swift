/// Errors of the runner itself (not of a cell): one line each, with the place when there is one.
public enum RunnerError: Error, CustomStringConvertible, Equatable {
    case io(path: String, reason: String)
    case badResults(path: String, reason: String)
    case badTolerance(String)
    case unknownCell(id: String, known: [String])
    case noParametersCell(file: String)
    case badFrontMatter(file: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case let .io(path, reason): return "\(path): error: \(reason)"
        case let .badResults(path, reason): return "\(path): error: not a lorabook results file: \(reason)"
        case let .badTolerance(text): return "error: bad tolerance '\(text)' (expected KIND=VALUE, e.g. loss=1e-3)"
        case let .unknownCell(id, known):
            return "error: no cell with id '\(id)' (cells: \(known.joined(separator: ", ")))"
        case let .badFrontMatter(file, line, reason): return "\(file):\(line):1: error: \(reason)"
        case let .noParametersCell(file):
            return "\(file): error: parameters were given but the notebook has no {#parameters} cell"
        }
    }
}
