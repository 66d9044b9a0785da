/// A recursive-descent parser for the cell language, following Swift's grammar and precedence.
struct Parser {
    private var tokens: [Token]
    private var position = 0
    private var loopDepth = 0

    init(tokens: [Token]) {
        self.tokens = tokens
    }

    private var current: Token { tokens[position] }
    private var next: Token { tokens[min(position + 1, tokens.count - 1)] }

    private mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    private func isSymbol(_ punctuation: Punctuation) -> Bool { current.kind == .symbol(punctuation) }
    private func isKeyword(_ keyword: Keyword) -> Bool { current.kind == .keyword(keyword) }

    private mutating func consume(_ punctuation: Punctuation) -> Bool {
        guard isSymbol(punctuation) else { return false }
        advance()
        return true
    }

    private mutating func expect(_ punctuation: Punctuation, _ message: String, notes: [String] = []) throws {
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
    private mutating func parseStatements(until terminator: Punctuation?) throws -> [Statement] {
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

    private mutating func parseBlock(after construct: String) throws -> [Statement] {
        let open = current.location
        try expect(.leftBrace, "expected '{' after \(construct)")
        let body = try parseStatements(until: .rightBrace)
        try expect(.rightBrace, "expected '}' at end of block", notes: ["to match '{' at \(open)"])
        return body
    }

    private mutating func parseStatement() throws -> Statement {
        let start = current.location
        switch current.kind {
        case .keyword(.let), .keyword(.var):
            return Statement(kind: .declaration(try parseDeclaration()), location: start)
        case .keyword(.if):
            return try parseConditional()
        case .keyword(.for):
            return try parseForLoop()
        case .keyword(.break), .keyword(.continue):
            let isBreak = isKeyword(.break)
            guard loopDepth > 0 else {
                throw Diagnostic("'\(isBreak ? "break" : "continue")' is only allowed inside a loop", at: start)
            }
            advance()
            return Statement(kind: isBreak ? .breakLoop : .continueLoop, location: start)
        case .keyword(let keyword) where !keyword.isSupported:
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

    private func unsupported(_ keyword: Keyword, at location: SourceLocation) -> Diagnostic {
        let reason: String
        switch keyword {
        case .func, .class, .struct, .enum, .protocol, .extension, .`init`:
            reason = "cells cannot define types or functions; they call the notebook's builtins"
        case .while, .repeat:
            reason = "loops run over a range or an array: use 'for x in ...'"
        case .switch, .case, .guard:
            reason = "use 'if' / 'else if' / 'else'"
        case .import:
            reason = "cells see only the notebook's builtins"
        default:
            reason = "it is not part of the cell language"
        }
        return Diagnostic("'\(keyword.rawValue)' is not supported in notebook cells: \(reason)", at: location)
    }

    /// An assignment target is a variable name, possibly subscripted: `x`, `xs[0]`, `d["k"]`.
    private func checkAssignable(_ expression: Expression) throws {
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

    private mutating func parseDeclaration() throws -> Declaration {
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

    /// `Int`, `Double`, `String`, `Bool`, `Any`, `[T]`, `[K: V]`, `T?`, or a host type name.
    private mutating func parseType() throws -> ScriptType {
        var type: ScriptType
        if consume(.leftBracket) {
            let open = tokens[position - 1].location
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

    private mutating func parseConditional() throws -> Statement {
        let start = current.location
        var branches: [ConditionalBranch] = []
        var otherwise: [Statement]?
        repeat {
            advance()
            let condition = try parseCondition(of: "if")
            branches.append(ConditionalBranch(condition: condition, body: try parseBlock(after: "'if' condition")))
            guard isKeyword(.else) else { break }
            advance()
            if !isKeyword(.if) {
                otherwise = try parseBlock(after: "'else'")
                break
            }
        } while true
        return Statement(kind: .conditional(branches: branches, otherwise: otherwise), location: start)
    }

    private mutating func parseCondition(of construct: String) throws -> Expression {
        if isSymbol(.leftBrace) {
            throw Diagnostic("missing condition in '\(construct)' statement", at: current.location)
        }
        let condition = try parseExpression()
        if isSymbol(.assign) {
            throw Diagnostic("'=' assigns and cannot be a condition; use '==' to compare", at: current.location)
        }
        return condition
    }

    private mutating func parseForLoop() throws -> Statement {
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

    private mutating func parseLoopName() throws -> String {
        guard case .identifier(let name) = current.kind else {
            throw Diagnostic("expected a loop variable name, found \(current.kind.quoted)", at: current.location)
        }
        advance()
        return name
    }

    mutating func parseExpression() throws -> Expression {
        let condition = try parseBinary(level: 0)
        guard isSymbol(.question) else { return condition }
        if !current.spaceBefore {
            throw Diagnostic("optional chaining is not supported; put spaces around '?' for a conditional",
                             at: current.location)
        }
        advance()
        let then = try parseExpression()
        try expect(.colon, "expected ':' after the '?' branch of the conditional expression")
        let otherwise = try parseExpression()
        return Expression(kind: .ternary(condition, then: then, else: otherwise), location: condition.location)
    }

    private enum Associativity { case left, right, none }

    private static let levels: [(operators: [Punctuation], associativity: Associativity, name: String)] = [
        ([.or], .left, "LogicalDisjunctionPrecedence"),
        ([.and], .left, "LogicalConjunctionPrecedence"),
        ([.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual], .none, "ComparisonPrecedence"),
        ([.nilCoalescing], .right, "NilCoalescingPrecedence"),
        ([.halfOpenRange, .closedRange], .none, "RangeFormationPrecedence"),
        ([.plus, .minus], .left, "AdditionPrecedence"),
        ([.times, .divide, .remainder], .left, "MultiplicationPrecedence"),
    ]

    /// The current token as a binary operator of `level`; an operator that starts a line glued to its
    /// operand (`-x`) is a prefix operator of a new statement, as in Swift.
    private func binaryOperator(at level: Int) -> Punctuation? {
        guard case .symbol(let punctuation) = current.kind, Self.levels[level].operators.contains(punctuation) else {
            return nil
        }
        if current.newlineBefore, !current.spaceAfter { return nil }
        return punctuation
    }

    private mutating func parseBinary(level: Int) throws -> Expression {
        guard level < Self.levels.count else { return try parseUnary() }
        var left = try parseBinary(level: level + 1)
        let (_, associativity, groupName) = Self.levels[level]
        while let punctuation = binaryOperator(at: level) {
            let operatorLocation = current.location
            advance()
            let right = associativity == .right ? try parseBinary(level: level) : try parseBinary(level: level + 1)
            left = makeBinary(punctuation, left, right, at: operatorLocation)
            if associativity == .none, binaryOperator(at: level) != nil {
                throw Diagnostic("adjacent operators are in non-associative precedence group '\(groupName)'",
                                 at: current.location)
            }
        }
        return left
    }

    private func makeBinary(_ punctuation: Punctuation, _ left: Expression, _ right: Expression,
                            at location: SourceLocation) -> Expression {
        switch punctuation {
        case .halfOpenRange: return Expression(kind: .range(left, right, closed: false), location: location)
        case .closedRange: return Expression(kind: .range(left, right, closed: true), location: location)
        default:
            let binary = BinaryOperator(rawValue: punctuation.rawValue) ?? .add
            return Expression(kind: .binary(binary, left, right), location: location)
        }
    }

    private mutating func parseUnary() throws -> Expression {
        let start = current.location
        if consume(.minus) {
            let operand = try parseUnary()
            switch operand.kind {
            case .integer(let value): return Expression(kind: .integer(-value), location: start)
            case .double(let value): return Expression(kind: .double(-value), location: start)
            default: return Expression(kind: .unary(.negate, operand), location: start)
            }
        }
        if consume(.not) {
            return Expression(kind: .unary(.not, try parseUnary()), location: start)
        }
        return try parsePostfix()
    }

    private mutating func parsePostfix() throws -> Expression {
        var expression = try parsePrimary()
        while true {
            if isSymbol(.dot) {
                advance()
                guard let name = memberName() else {
                    throw Diagnostic("expected a member name after '.', found \(current.kind.quoted)", at: current.location)
                }
                let nameLocation = current.location
                advance()
                expression = Expression(kind: .member(expression, name: name), location: nameLocation)
            } else if isSymbol(.leftParen), !current.newlineBefore {
                let open = current.location
                let arguments = try parseArguments()
                expression = Expression(kind: .call(expression, arguments: arguments), location: open)
                expression.location = callLocation(of: expression)
            } else if isSymbol(.leftBracket), !current.newlineBefore {
                let open = current.location
                advance()
                let index = try parseExpression()
                try expect(.rightBracket, "expected ']' in subscript", notes: ["to match '[' at \(open)"])
                expression = Expression(kind: .subscripting(expression, index: index), location: open)
            } else {
                return expression
            }
        }
    }

    /// A call is reported at its callee's name: `train` in `train(...)`, `generate` in `model.generate(...)`.
    private func callLocation(of call: Expression) -> SourceLocation {
        guard case .call(let callee, _) = call.kind else { return call.location }
        return callee.location
    }

    private func memberName() -> String? {
        switch current.kind {
        case .identifier(let name): return name
        case .keyword(let keyword): return keyword.rawValue
        default: return nil
        }
    }

    /// `(label: value, value, ...)`, trailing comma allowed.
    private mutating func parseArguments() throws -> [Argument] {
        let open = current.location
        advance()
        var arguments: [Argument] = []
        while !isSymbol(.rightParen) {
            let start = current.location
            var label: String?
            if let name = memberName(), next.kind == .symbol(.colon) {
                label = name
                advance()
                advance()
            }
            if label == nil, isSymbol(.rightParen) || current.kind == .end { break }
            let value = try parseExpression()
            arguments.append(Argument(label: label, value: value, location: start))
            guard consume(.comma) else { break }
        }
        try expect(.rightParen, "expected ')' in argument list", notes: ["to match '(' at \(open)"])
        return arguments
    }

    private mutating func parsePrimary() throws -> Expression {
        let token = current
        let location = token.location
        switch token.kind {
        case .integer(let value):
            advance()
            return Expression(kind: .integer(value), location: location)
        case .double(let value):
            advance()
            return Expression(kind: .double(value), location: location)
        case .string(let segments):
            advance()
            return Expression(kind: .string(try parseStringParts(segments)), location: location)
        case .keyword(.true), .keyword(.false):
            advance()
            return Expression(kind: .bool(token.kind == .keyword(.true)), location: location)
        case .keyword(.nil):
            advance()
            return Expression(kind: .null, location: location)
        case .identifier(let name):
            if name == "_" { throw Diagnostic("'_' can only be a loop variable", at: location) }
            advance()
            return Expression(kind: .identifier(name), location: location)
        case .symbol(.leftParen):
            advance()
            let inner = try parseExpression()
            if isSymbol(.comma) {
                throw Diagnostic("tuples are not supported; use an array", at: current.location)
            }
            try expect(.rightParen, "expected ')' after expression", notes: ["to match '(' at \(location)"])
            return inner
        case .symbol(.leftBracket):
            return try parseCollection()
        case .symbol(.dot):
            advance()
            guard let name = memberName() else {
                throw Diagnostic("expected a member name after '.', found \(current.kind.quoted)", at: current.location)
            }
            advance()
            var arguments: [Argument] = []
            if isSymbol(.leftParen), !current.spaceBefore { arguments = try parseArguments() }
            return Expression(kind: .implicitMember(name, arguments: arguments), location: location)
        case .keyword(let keyword) where !keyword.isSupported:
            throw unsupported(keyword, at: location)
        case .end:
            throw Diagnostic("expected expression, found end of cell", at: location)
        default:
            throw Diagnostic("expected expression, found \(token.kind.quoted)", at: location)
        }
    }

    /// `[a, b]`, `[k: v]`, `[]` or `[:]`, trailing comma allowed.
    private mutating func parseCollection() throws -> Expression {
        let open = current.location
        advance()
        let notes = ["to match '[' at \(open)"]
        if consume(.colon) {
            try expect(.rightBracket, "expected ']' after ':' in empty dictionary literal", notes: notes)
            return Expression(kind: .dictionary([]), location: open)
        }
        if consume(.rightBracket) { return Expression(kind: .array([]), location: open) }
        let first = try parseExpression()
        if consume(.colon) {
            var entries = [DictionaryEntry(key: first, value: try parseExpression())]
            while consume(.comma), !isSymbol(.rightBracket) {
                let key = try parseExpression()
                try expect(.colon, "expected ':' in dictionary literal")
                entries.append(DictionaryEntry(key: key, value: try parseExpression()))
            }
            try expect(.rightBracket, "expected ']' in dictionary literal", notes: notes)
            return Expression(kind: .dictionary(entries), location: open)
        }
        var elements = [first]
        while consume(.comma), !isSymbol(.rightBracket) {
            elements.append(try parseExpression())
        }
        if isSymbol(.colon) {
            throw Diagnostic("unexpected ':' in array literal", at: current.location)
        }
        try expect(.rightBracket, "expected ']' in array literal", notes: notes)
        return Expression(kind: .array(elements), location: open)
    }

    /// Parses each interpolation's tokens as one expression.
    private func parseStringParts(_ segments: [StringSegment]) throws -> [StringPart] {
        try segments.map { segment in
            switch segment {
            case .text(let text):
                return .text(text)
            case .interpolation(let tokens):
                var parser = Parser(tokens: tokens)
                if parser.isSymbol(.rightParen) {
                    throw Diagnostic("empty interpolation: write an expression inside '\\( )'", at: parser.current.location)
                }
                let expression = try parser.parseExpression()
                guard parser.isSymbol(.rightParen) else {
                    throw Diagnostic("expected ')' to end the interpolation, found \(parser.current.kind.quoted)",
                                     at: parser.current.location)
                }
                return .interpolation(expression)
            }
        }
    }
}
