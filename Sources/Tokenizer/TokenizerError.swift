/// Why the GPT-2 vocabulary files could not be loaded; `description` is the one line a user sees.
public enum TokenizerError: Error, CustomStringConvertible, Equatable, Sendable {
    case unreadable(file: String, reason: String)
    case malformed(file: String, line: Int, column: Int, message: String)

    public var description: String {
        switch self {
        case let .unreadable(file, reason):
            return "\(file): error: cannot read the file: \(reason)"
        case let .malformed(file, line, column, message):
            return "\(file):\(line):\(column): error: \(message)"
        }
    }
}
