/// A host function scripts may call, with a Swift-like signature the interpreter binds arguments to.
public struct Builtin: Sendable {
    public typealias Body = @Sendable (Arguments, CallContext) throws -> Value

    public var name: String
    public var parameters: [Parameter]
    /// One line saying what the builtin does, for listings and hints.
    public var summary: String
    /// False for builtins called for their effect (`show`): their `nil` result is not a cell's value.
    public var returnsValue: Bool
    public var body: Body

    public init(_ name: String, parameters: [Parameter] = [], summary: String, returnsValue: Bool = true,
                body: @escaping Body) {
        self.name = name
        self.parameters = parameters
        self.summary = summary
        self.returnsValue = returnsValue
        self.body = body
    }

    /// The signature as Swift would write it: `train(model:lr:)`.
    public var signature: String {
        "\(name)(\(parameters.map { "\($0.label ?? "_"):" }.joined()))"
    }
}
