/// Why METEOR could not load its data or score its input; `description` is one readable line.
public enum METEORError: Error, CustomStringConvertible, Equatable {
    case unreadable(file: String, reason: String)
    case malformed(file: String, line: Int, reason: String)
    case countMismatch(hypotheses: Int, referenceSets: Int)
    case noReferences(item: Int)

    public var description: String {
        switch self {
        case let .unreadable(file, reason):
            return "error: METEOR data file \(file) cannot be read: \(reason)"
        case let .malformed(file, line, reason):
            return "error: \(file):\(line): \(reason)"
        case let .countMismatch(hypotheses, referenceSets):
            return "error: METEOR got \(hypotheses) hypotheses but \(referenceSets) reference sets; they must match one to one"
        case let .noReferences(item):
            return "error: METEOR item \(item) has no reference to score against"
        }
    }
}
