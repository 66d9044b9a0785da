/// Why a data file could not be provisioned; `description` is the one line a user sees.
public enum DataError: Error, CustomStringConvertible, Equatable {
    case missing(file: String, looked: [String], advice: String)
    case checksumMismatch(file: String, at: String, expected: String, actual: String)
    case unreadable(file: String, at: String, reason: String)
    case downloadFailed(file: String, url: String, reason: String)

    public var description: String {
        switch self {
        case let .missing(file, looked, advice):
            return "error: data file '\(file)' not found (looked in: \(looked.joined(separator: ", "))); \(advice)"
        case let .checksumMismatch(file, at, expected, actual):
            return "error: data file '\(file)' at \(at) has SHA-256 \(actual), expected \(expected); "
                + "replace it with the original file (or delete it and run `lorabook data` again)"
        case let .unreadable(file, at, reason):
            return "error: data file '\(file)' at \(at) cannot be read: \(reason); check the path and its permissions"
        case let .downloadFailed(file, url, reason):
            return "error: data file '\(file)' could not be downloaded from \(url): \(reason); "
                + "set LORABOOK_DATA_MIRROR to a folder holding a copy"
        }
    }
}
