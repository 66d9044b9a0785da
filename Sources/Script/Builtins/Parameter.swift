/// One parameter of a builtin or an implicit member: its label (nil for `_`), type and default.
public struct Parameter: Hashable, Sendable {
    /// The argument label callers write, or nil when the argument is unlabelled.
    public var label: String?
    /// The name used in error messages and to read the argument; the label when there is one.
    public var name: String
    public var type: ScriptType
    public var defaultValue: Value?

    /// A labelled parameter: `lr: Double = 2e-4`.
    public init(_ label: String, _ type: ScriptType, default defaultValue: Value? = nil) {
        self.label = label
        self.name = label
        self.type = type
        self.defaultValue = defaultValue
    }

    /// An unlabelled parameter: `_ value: Any`.
    public static func unlabeled(_ name: String, _ type: ScriptType, default defaultValue: Value? = nil) -> Parameter {
        var parameter = Parameter(name, type, default: defaultValue)
        parameter.label = nil
        return parameter
    }
}
