/// What running a cell produced.
public struct CellResult: Hashable, Sendable {
    /// Values the cell displayed (`show`, builtins' own displays), in order.
    public var outputs: [Output]
    /// The last statement's value when it is an expression, except calls made for their effect (`show`).
    public var value: Value?
    /// Names the cell declares or assigns at its top level, in first-seen order.
    public var defined: [String]
}
