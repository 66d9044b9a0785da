/// An error in a cell, placed at its notebook position; `description` is the one line a user sees.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    /// Extra hints shown after the message, such as where an unclosed bracket was opened.
    public var notes: [String]

    public init(_ message: String, at location: SourceLocation, notes: [String] = []) {
        self.file = location.file
        self.line = location.line
        self.column = location.column
        self.message = message
        self.notes = notes
    }

    public var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    public var description: String {
        "\(file):\(line):\(column): error: \(message)" + notes.map { "; note: \($0)" }.joined()
    }
}
