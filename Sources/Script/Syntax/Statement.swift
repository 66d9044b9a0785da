/// A statement in a cell.
public struct Statement: Hashable, Sendable {
    public var kind: Kind
    public var location: SourceLocation

    public indirect enum Kind: Hashable, Sendable {
        /// `let name: Type = value` or `var ...`.
        case declaration(Declaration)
        /// `target = value` or `target += value`; the target is a name, possibly subscripted.
        case assignment(target: Expression, operator: BinaryOperator?, value: Expression)
        case expression(Expression)
        /// `let (a, b) = value`: one name per element of a tuple (an array of that length); `_` skips one.
        case destructuring(isMutable: Bool, names: [String], value: Expression)
        /// `if` / `else if` branches in order, then the `else` block if any.
        case conditional(branches: [ConditionalBranch], otherwise: [Statement]?)
        case loop(ForLoop)
        /// `while conditions { }`, or `repeat { } while condition` when `testsFirst` is false.
        case whileLoop(conditions: [Condition], body: [Statement], testsFirst: Bool)
        case switchStatement(SwitchStatement)
        /// `guard conditions else { ... }`: the bindings stay in the enclosing scope; the `else` block exits.
        case guardStatement(conditions: [Condition], otherwise: [Statement])
        case function(Function)
        case returnValue(Expression?)
        case breakLoop
        case continueLoop
    }
}

/// One clause of an `if`, `while` or `guard` condition list: a Bool, or `let name = optional`, which
/// holds when the value is not nil and binds it (unwrapped) for the guarded code.
public enum Condition: Hashable, Sendable {
    case boolean(Expression)
    case optionalBinding(name: String, isMutable: Bool, value: Expression)
}

/// `switch subject { case p1, p2: ... default: ... }`; a case with no patterns is `default`.
public struct SwitchStatement: Hashable, Sendable {
    public var subject: Expression
    public var cases: [SwitchCase]
}

public struct SwitchCase: Hashable, Sendable {
    /// Values compared with `==`, ranges tested for containment, or `_` (nil), which matches anything.
    public var patterns: [Expression?]
    public var isDefault: Bool
    public var body: [Statement]
}

/// A `func` declaration or a closure expression: parameters, an optional return type and a body.
public struct Function: Hashable, Sendable {
    /// The declared name; nil for a closure.
    public var name: String?
    public var parameters: [FunctionParameter]
    public var returnType: ScriptType?
    public var body: [Statement]
    /// The declaration's source text, which its fingerprint (and so the cache key of every cell calling it) hashes.
    public var source: String
    public var location: SourceLocation
}

/// `label name: Type = default`; the label is nil for `_` and for closure parameters.
public struct FunctionParameter: Hashable, Sendable {
    public var label: String?
    public var name: String
    public var type: ScriptType
    public var defaultValue: Expression?
}

public struct Declaration: Hashable, Sendable {
    public var isMutable: Bool
    public var name: String
    public var type: ScriptType?
    public var value: Expression
}

public struct ConditionalBranch: Hashable, Sendable {
    public var conditions: [Condition]
    public var body: [Statement]
}

/// `for x in sequence { }` or `for (i, x) in xs.enumerated() { }`; `_` names are skipped.
public struct ForLoop: Hashable, Sendable {
    public var names: [String]
    public var isTuplePattern: Bool
    public var sequence: Expression
    public var body: [Statement]
}

/// A parsed cell: its statements and where it sits in the notebook.
public struct Program: Hashable, Sendable {
    public var statements: [Statement]
    public var source: String
    public var origin: SourceLocation

    /// Parses a cell whose first character sits at `line`:`column` of `file`, so errors carry notebook positions.
    public init(parsing source: String, file: String, line: Int = 1, column: Int = 1) throws {
        let origin = SourceLocation(file: file, line: line, column: column)
        var lexer = Lexer(source: source, origin: origin)
        var parser = Parser(tokens: try lexer.tokenize())
        parser.source = lexer.scalars
        self.statements = try parser.parseProgram()
        self.source = source
        self.origin = origin
    }
}
