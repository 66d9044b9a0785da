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
        /// `if` / `else if` branches in order, then the `else` block if any.
        case conditional(branches: [ConditionalBranch], otherwise: [Statement]?)
        case loop(ForLoop)
        case breakLoop
        case continueLoop
    }
}

public struct Declaration: Hashable, Sendable {
    public var isMutable: Bool
    public var name: String
    public var type: ScriptType?
    public var value: Expression
}

public struct ConditionalBranch: Hashable, Sendable {
    public var condition: Expression
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
        self.statements = try parser.parseProgram()
        self.source = source
        self.origin = origin
    }
}
