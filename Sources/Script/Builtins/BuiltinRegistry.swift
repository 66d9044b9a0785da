/// The functions a host makes callable from cells, by name.
public struct BuiltinRegistry: Sendable {
    private var builtins: [String: Builtin] = [:]

    /// An empty registry; `standard` adds the language's own functions (`show`, conversions).
    public init() {}

    /// Adds a builtin, replacing any earlier one with the same name.
    public mutating func register(_ builtin: Builtin) {
        builtins[builtin.name] = builtin
    }

    public func builtin(named name: String) -> Builtin? { builtins[name] }

    /// Every registered name, sorted.
    public var names: [String] { builtins.keys.sorted() }

    public func contains(_ name: String) -> Bool { builtins[name] != nil }
}
