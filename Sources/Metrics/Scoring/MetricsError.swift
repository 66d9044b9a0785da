/// Bad scorer input, with the file or item it concerns; `description` is one line.
public enum MetricsError: Error, CustomStringConvertible, Equatable {
    case countMismatch(predictions: Int, referenceGroups: Int, predictionsFile: String?, referencesFile: String?)
    case emptyReferenceGroup(index: Int, file: String?, line: Int?)
    case noItems(file: String?)
    case unreadable(file: String, reason: String)
    /// A line of an input file that cannot be read as what it should be (bad UTF-8, a CSV row too short).
    case invalidLine(file: String, line: Int, reason: String)
    /// An input file replaced or modified between the readings of a streamed scoring.
    case fileChanged(file: String)
    /// A streamed scorer's source gave a different number of items on its second reading.
    case changedBetweenPasses(first: Int, second: Int)

    public var description: String {
        switch self {
        case let .countMismatch(predictions, groups, predictionsFile, referencesFile):
            let left = predictionsFile.map { "\($0): " } ?? ""
            let right = referencesFile.map { " in \($0)" } ?? ""
            let which = predictions < groups ? "fewer" : "more"
            return "\(left)error: \(which) predictions (\(predictions)) than reference groups (\(groups))\(right); they must match one to one"
        case let .emptyReferenceGroup(index, file, line):
            let prefix = file.map { f in line.map { "\(f):\($0): " } ?? "\(f): " } ?? ""
            return "\(prefix)error: reference group \(index + 1) is empty (two blank lines in a row?)"
        case let .noItems(file):
            return (file.map { "\($0): " } ?? "") + "error: nothing to score"
        case let .unreadable(file, reason):
            return "\(file): error: \(reason)"
        case let .invalidLine(file, line, reason):
            return "\(file):\(line): error: \(reason)"
        case let .fileChanged(file):
            return "\(file): error: the file changed while being scored (it is read more than once)"
        case let .changedBetweenPasses(first, second):
            return "error: the items changed while being scored (\(first) on the first reading, \(second) on the second)"
        }
    }
}
