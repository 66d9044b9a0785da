/// A recursive-descent parser for the cell language, following Swift's grammar and precedence.
struct Parser {
    var tokens: [Token]
    var position = 0
    var loopDepth = 0
    /// Open `switch` bodies (where `break` ends the switch) and function or closure bodies (where `return` is allowed).
    var switchDepth = 0
    var functionDepth = 0
    /// For each open closure, the highest `$n` used so far (-1 for none), or nil when it names its parameters.
    var shorthandArguments: [Int?] = []
    /// In an `if`, `while`, `for` or `switch` head a `{` opens the body, not a trailing closure (as in Swift).
    var noTrailingClosure = false
    /// The cell's source, for the text of function declarations.
    var source: [Unicode.Scalar] = []
    /// How deep the tree under construction is: open brackets, blocks, prefix operators and the links of
    /// operator, member and call chains. Bounded so that neither this parser nor any recursive walk of
    /// its tree (analysis, evaluation, hashing, deallocation) can exhaust the stack.
    var nesting = 0

    /// The deepest tree a cell may build: beyond hand-written code, and each level costs up to ~2 KiB of stack
    /// in the parser or the interpreter, so the deepest cell needs well under 1 MiB (the main thread has 8).
    static let maximumNesting = 256

    init(tokens: [Token], nesting: Int = 0) {
        self.tokens = tokens
        self.nesting = nesting
    }

    /// Enters one more level of the tree at `location`, or fails with a diagnostic there.
    mutating func enterNesting(at location: SourceLocation) throws {
        nesting += 1
        if nesting > Self.maximumNesting {
            throw Diagnostic("expression is nested too deeply (more than \(Self.maximumNesting) levels of brackets, "
                             + "blocks or chained operators); split it into several statements", at: location)
        }
    }

    var current: Token { tokens[position] }
    var next: Token { tokens[min(position + 1, tokens.count - 1)] }

    mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    func isSymbol(_ punctuation: Punctuation) -> Bool { current.kind == .symbol(punctuation) }
    func isKeyword(_ keyword: Keyword) -> Bool { current.kind == .keyword(keyword) }

    mutating func consume(_ punctuation: Punctuation) -> Bool {
        guard isSymbol(punctuation) else { return false }
        advance()
        return true
    }

    mutating func expect(_ punctuation: Punctuation, _ message: String, notes: [String] = []) throws {
        guard consume(punctuation) else {
            throw Diagnostic("\(message), found \(current.kind.quoted)", at: current.location, notes: notes)
        }
    }

    mutating func parseProgram() throws -> [Statement] {
        let statements = try parseStatements(until: nil)
        if current.kind != .end {
            throw Diagnostic("unexpected \(current.kind.quoted) at top level", at: current.location)
        }
        return statements
    }

    /// Statements separated by line breaks or `;`, up to `terminator` (or the end).
    mutating func parseStatements(until terminator: Punctuation?) throws -> [Statement] {
        var statements: [Statement] = []
        while true {
            while consume(.semicolon) {}
            if current.kind == .end { return statements }
            if let terminator, isSymbol(terminator) { return statements }
            statements.append(try parseStatement())
            if isSymbol(.semicolon) || current.kind == .end || current.newlineBefore { continue }
            if let terminator, isSymbol(terminator) { continue }
            throw Diagnostic("consecutive statements on a line must be separated by ';'", at: current.location)
        }
    }

    mutating func parseBlock(after construct: String) throws -> [Statement] {
        let open = current.location
        try enterNesting(at: open)
        defer { nesting -= 1 }
        try expect(.leftBrace, "expected '{' after \(construct)")
        let body = try parseStatements(until: .rightBrace)
        try expect(.rightBrace, "expected '}' at end of block", notes: ["to match '{' at \(open)"])
        return body
    }

    mutating func parseStatement() throws -> Statement {
        let start = current.location
        switch current.kind {
        case .keyword(.let) where next.kind == .symbol(.leftParen), .keyword(.var) where next.kind == .symbol(.leftParen):
            return try parseDestructuring()
        case .keyword(.let), .keyword(.var):
            return Statement(kind: .declaration(try parseDeclaration()), location: start)
        case .keyword(.if):
            return try parseConditional()
        case .keyword(.for):
            return try parseForLoop()
        case .keyword(.while):
            return try parseWhileLoop()
        case .keyword(.repeat):
            return try parseRepeatLoop()
        case .keyword(.switch):
            return try parseSwitch()
        case .keyword(.guard):
            return try parseGuard()
        case .keyword(.func):
            return Statement(kind: .function(try parseFunction()), location: start)
        case .keyword(.return):
            guard functionDepth > 0 else {
                throw Diagnostic("'return' is only allowed inside a function or a closure", at: start)
            }
            advance()
            if current.kind == .end || current.newlineBefore || isSymbol(.semicolon) || isSymbol(.rightBrace) {
                return Statement(kind: .returnValue(nil), location: start)
            }
            return Statement(kind: .returnValue(try parseExpression()), location: start)
        case .keyword(.break), .keyword(.continue):
            let isBreak = isKeyword(.break)
            guard loopDepth > 0 || (isBreak && switchDepth > 0) else {
                let place = isBreak ? "inside a loop or a switch" : "inside a loop"
                throw Diagnostic("'\(isBreak ? "break" : "continue")' is only allowed \(place)", at: start)
            }
            advance()
            return Statement(kind: isBreak ? .breakLoop : .continueLoop, location: start)
        case .keyword(let keyword) where !keyword.isSupported || keyword == .case || keyword == .default:
            throw unsupported(keyword, at: start)
        default:
            break
        }
        let expression = try parseExpression()
        let compound: [Punctuation: BinaryOperator] = [
            .plusAssign: .add, .minusAssign: .subtract, .timesAssign: .multiply,
            .divideAssign: .divide, .remainderAssign: .remainder,
        ]
        if case .symbol(let punctuation) = current.kind, punctuation == .assign || compound[punctuation] != nil {
            try checkAssignable(expression)
            advance()
            let value = try parseExpression()
            return Statement(kind: .assignment(target: expression, operator: compound[punctuation], value: value),
                             location: start)
        }
        return Statement(kind: .expression(expression), location: start)
    }

    func unsupported(_ keyword: Keyword, at location: SourceLocation) -> Diagnostic {
        let reason: String
        switch keyword {
        case .class, .struct, .enum, .protocol, .extension, .`init`, .self:
            reason = "cells cannot define types; use functions, tuples, arrays and dictionaries"
        case .case, .default:
            reason = "'\(keyword.rawValue)' belongs inside a 'switch'"
        case .fallthrough:
            reason = "list several patterns in one case instead: 'case 1, 2:'"
        case .import:
            reason = "cells see only the notebook's builtins"
        default:
            reason = "it is not part of the cell language"
        }
        return Diagnostic("'\(keyword.rawValue)' is not supported in notebook cells: \(reason)", at: location)
    }

    /// An assignment target is a variable name, possibly subscripted: `x`, `xs[0]`, `d["k"]`.
    func checkAssignable(_ expression: Expression) throws {
        switch expression.kind {
        case .identifier: return
        case .subscripting(let base, _): try checkAssignable(base)
        case .member(_, let name):
            throw Diagnostic("cannot assign to member '\(name)': only variables and their elements can be assigned",
                             at: expression.location)
        default:
            throw Diagnostic("cannot assign to this expression: only variables and their elements can be assigned",
                             at: expression.location)
        }
    }

    mutating func parseDeclaration() throws -> Declaration {
        let isMutable = isKeyword(.var)
        let introducer = isMutable ? "var" : "let"
        advance()
        guard case .identifier(let name) = current.kind, name != "_" else {
            if current.kind == .symbol(.leftParen) {
                throw Diagnostic("tuple patterns are not supported in declarations; declare one name per '\(introducer)'",
                                 at: current.location)
            }
            throw Diagnostic("expected a name after '\(introducer)', found \(current.kind.quoted)", at: current.location)
        }
        let nameLocation = current.location
        advance()
        var type: ScriptType?
        if consume(.colon) { type = try parseType() }
        guard consume(.assign) else {
            throw Diagnostic("'\(introducer) \(name)' needs an initial value: write '\(introducer) \(name) = ...'",
                             at: isSymbol(.assign) ? current.location : nameLocation)
        }
        return Declaration(isMutable: isMutable, name: name, type: type, value: try parseExpression())
    }

    /// `Int`, `Double`, `String`, `Bool`, `Any`, `[T]`, `[K: V]`, `T?`, a tuple `(T, U)` (held as an
    /// array), a function type `(T) -> U`, or a host type name.
    mutating func parseType() throws -> ScriptType {
        var type: ScriptType
        if consume(.leftParen) {
            let open = tokens[position - 1].location
            try enterNesting(at: open)
            defer { nesting -= 1 }
            var elements: [ScriptType] = []
            while !isSymbol(.rightParen), current.kind != .end {
                elements.append(try parseType())
                guard consume(.comma) else { break }
            }
            try expect(.rightParen, "expected ')' in type", notes: ["to match '(' at \(open)"])
            if consume(.arrow) {
                _ = try parseType()
                type = .object(ScriptFunction.typeName)
            } else if elements.count == 1 {
                type = elements[0]
            } else {
                type = .array(.any)
            }
        } else if consume(.leftBracket) {
            let open = tokens[position - 1].location
            try enterNesting(at: open)
            defer { nesting -= 1 }
            let element = try parseType()
            if consume(.colon) {
                type = .dictionary(key: element, value: try parseType())
            } else {
                type = .array(element)
            }
            try expect(.rightBracket, "expected ']' in type", notes: ["to match '[' at \(open)"])
        } else if case .identifier(let name) = current.kind {
            type = ScriptType.namedTypes[name] ?? .object(name)
            advance()
        } else {
            throw Diagnostic("expected a type, found \(current.kind.quoted)", at: current.location)
        }
        while isSymbol(.question), !current.spaceBefore {
            advance()
            type = .optional(type)
        }
        return type
    }

    mutating func parseConditional() throws -> Statement {
        let start = current.location
        var branches: [ConditionalBranch] = []
        var otherwise: [Statement]?
        repeat {
            advance()
            let conditions = try parseConditions(of: "if")
            branches.append(ConditionalBranch(conditions: conditions, body: try parseBlock(after: "'if' condition")))
            guard isKeyword(.else) else { break }
            advance()
            if !isKeyword(.if) {
                otherwise = try parseBlock(after: "'else'")
                break
            }
        } while true
        return Statement(kind: .conditional(branches: branches, otherwise: otherwise), location: start)
    }

    mutating func parseCondition(of construct: String) throws -> Expression {
        if isSymbol(.leftBrace) {
            throw Diagnostic("missing condition in '\(construct)' statement", at: current.location)
        }
        let outer = noTrailingClosure
        noTrailingClosure = true
        defer { noTrailingClosure = outer }
        let condition = try parseExpression()
        if isSymbol(.assign) {
            throw Diagnostic("'=' assigns and cannot be a condition; use '==' to compare", at: current.location)
        }
        return condition
    }

    mutating func parseForLoop() throws -> Statement {
        let start = current.location
        advance()
        var names: [String] = []
        var isTuple = false
        if consume(.leftParen) {
            isTuple = true
            repeat {
                names.append(try parseLoopName())
            } while consume(.comma)
            try expect(.rightParen, "expected ')' after the loop's tuple pattern")
        } else {
            names.append(try parseLoopName())
        }
        guard isKeyword(.in) else {
            throw Diagnostic("expected 'in' after the for-in pattern, found \(current.kind.quoted)", at: current.location)
        }
        advance()
        let sequence = try parseCondition(of: "for-in")
        loopDepth += 1
        defer { loopDepth -= 1 }
        let body = try parseBlock(after: "the for-in sequence")
        return Statement(kind: .loop(ForLoop(names: names, isTuplePattern: isTuple, sequence: sequence, body: body)),
                         location: start)
    }

    mutating func parseLoopName() throws -> String {
        guard case .identifier(let name) = current.kind else {
            throw Diagnostic("expected a loop variable name, found \(current.kind.quoted)", at: current.location)
        }
        advance()
        return name
    }
}
