/// Errors of the runner itself (not of a cell): one line each, with the place when there is one.
public enum RunnerError: Error, CustomStringConvertible, Equatable {
    case io(path: String, reason: String)
    case badResults(path: String, reason: String)
    case badTolerance(String)

    public var description: String {
        switch self {
        case let .io(path, reason): return "\(path): error: \(reason)"
        case let .badResults(path, reason): return "\(path): error: not a lorabook results file: \(reason)"
        case let .badTolerance(text): return "error: bad tolerance '\(text)' (expected KIND=VALUE, e.g. loss=1e-3)"
        }
    }
}
