/// Bad scorer input, with the file or item it concerns; `description` is one line.
public enum MetricsError: Error, CustomStringConvertible, Equatable {
    case countMismatch(predictions: Int, referenceGroups: Int, predictionsFile: String?, referencesFile: String?)
    case emptyReferenceGroup(index: Int, file: String?, line: Int?)
    case noItems(file: String?)
    case unreadable(file: String, reason: String)
    /// A streamed scorer's source gave a different number of items on its second reading.
    case changedBetweenPasses(first: Int, second: Int)

    public var description: String {
        switch self {
        case let .countMismatch(predictions, groups, predictionsFile, referencesFile):
            let left = predictionsFile.map { "\($0): " } ?? ""
            let right = referencesFile.map { " in \($0)" } ?? ""
            return "\(left)error: \(predictions) predictions but \(groups) reference groups\(right); they must match one to one"
        case let .emptyReferenceGroup(index, file, line):
            let prefix = file.map { f in line.map { "\(f):\($0): " } ?? "\(f): " } ?? ""
            return "\(prefix)error: reference group \(index + 1) is empty (two blank lines in a row?)"
        case let .noItems(file):
            return (file.map { "\($0): " } ?? "") + "error: nothing to score"
        case let .unreadable(file, reason):
            return "\(file): error: \(reason)"
        case let .changedBetweenPasses(first, second):
            return "error: the items changed while being scored (\(first) on the first reading, \(second) on the second)"
        }
    }
}
