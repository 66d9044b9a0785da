/// A host object a builtin hands to the script (a model, a training run, scores).
/// Scripts read its members and call its methods; they never see its Swift type.
public protocol ScriptObject: AnyObject, Sendable {
    /// The name scripts and error messages use for the type, such as `TrainingRun`.
    var typeName: String { get }
    /// The readable members, listed for "did you mean" hints.
    var memberNames: [String] { get }
    /// The member's value, or nil when there is no such member.
    func member(_ name: String) throws -> Value?
    /// A stable content hash of the object's state, for caching cells that read it.
    var fingerprint: String { get }
    /// Methods scripts may call, such as `model.generate(...)`; arguments bind like builtins.
    func method(_ name: String) -> Builtin?
    /// The names of `method(_:)`'s methods, for "did you mean" hints.
    var methodNames: [String] { get }
    /// How `show` and string interpolation render the object.
    var summary: String { get }
}

extension ScriptObject {
    public func method(_ name: String) -> Builtin? { nil }
    public var methodNames: [String] { [] }
    public var summary: String { "<\(typeName)>" }
}
