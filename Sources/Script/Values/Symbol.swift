/// An implicit member expression's value, such as `.full` or `.lora(rank: 4, alpha: 32)`.
/// The receiving builtin validates it against the cases it accepts (see `ScriptType.oneOf`).
public struct Symbol: Hashable, Sendable {
    public var name: String
    public var arguments: [LabeledValue]

    public init(_ name: String, arguments: [LabeledValue] = []) {
        self.name = name
        self.arguments = arguments
    }

    /// The argument with this label, if given.
    public subscript(label: String) -> Value? {
        arguments.first { $0.label == label }?.value
    }
}

/// A value with an optional argument label, as written in a call.
public struct LabeledValue: Hashable, Sendable {
    public var label: String?
    public var value: Value

    public init(label: String?, value: Value) {
        self.label = label
        self.value = value
    }
}
