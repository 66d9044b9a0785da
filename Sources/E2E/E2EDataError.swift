/// Why an E2E data file could not be read; `description` is one line naming the file and the place.
public enum E2EDataError: Error, CustomStringConvertible, Equatable, Sendable {
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
