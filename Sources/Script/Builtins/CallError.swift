/// An error a builtin throws for bad input; the interpreter places it at the call in the notebook.
public struct CallError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public var notes: [String]

    public init(_ message: String, notes: [String] = []) {
        self.message = message
        self.notes = notes
    }

    public var description: String { message }
}
