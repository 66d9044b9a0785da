/// A problem in a notebook file, with the place it was found; prints as `file:line:col: error: message`.
public struct NotebookError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    /// Where the problem is; `nil` when the file as a whole is at fault (unreadable, not UTF-8).
    public var position: SourcePosition?
    public var message: String

    public init(file: String, position: SourcePosition?, message: String) {
        self.file = file
        self.position = position
        self.message = message
    }

    public var description: String {
        if let position { return "\(file):\(position.line):\(position.column): error: \(message)" }
        return "\(file): error: \(message)"
    }
}

/// A problem found by a reader that works on text alone; the notebook adds the file name.
struct LocatedProblem: Error, Equatable {
    var position: SourcePosition
    var message: String

    func inFile(_ file: String) -> NotebookError {
        NotebookError(file: file, position: position, message: message)
    }
}
