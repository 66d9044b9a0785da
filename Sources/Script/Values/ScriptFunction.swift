/// A function value: a `func` declaration or a closure, with the block-scoped variables it reads.
/// Globals are read when it runs, as in Swift; its fingerprint covers its source and the current values
/// of every name it reads, so a cell calling it is re-run when either changes.
final class ScriptFunction: ScriptObject, @unchecked Sendable {
    static let typeName = "Function"

    let declaration: Function
    /// The block scopes open when it was made (by id): a call while they are still open shares their variables.
    let scopeIDs: [Int]
    /// The block-scoped variables its body reads, as they were when it was made, for calls after those
    /// scopes closed (read-only then).
    let captured: [String: Interpreter.Binding]
    /// The names its body reads from outside, builtins excluded.
    let freeNames: [String]
    weak var interpreter: Interpreter?
    private var isFingerprinting = false

    init(_ declaration: Function, scopeIDs: [Int], captured: [String: Interpreter.Binding], freeNames: [String],
         interpreter: Interpreter) {
        self.declaration = declaration
        self.scopeIDs = scopeIDs
        self.captured = captured
        self.freeNames = freeNames
        self.interpreter = interpreter
    }

    var typeName: String { Self.typeName }
    var memberNames: [String] { [] }
    func member(_ name: String) throws -> Value? { nil }
    var summary: String { declaration.name.map { "<function \($0)>" } ?? "<closure>" }
    /// How errors name it: `'fib'` or `closure`.
    var callName: String { declaration.name.map { "'\($0)'" } ?? "closure" }

    var fingerprint: String {
        // A function that reads itself (recursion) is covered by its source.
        if isFingerprinting { return "recursive" }
        isFingerprinting = true
        defer { isFingerprinting = false }
        var text = "function " + Value.string(declaration.source).fingerprint
        for name in freeNames {
            let value = captured[name]?.value ?? interpreter?.globals[name]?.value
            text += "\n" + name + "=" + (value?.fingerprint ?? "(undefined)")
        }
        return text
    }
}
