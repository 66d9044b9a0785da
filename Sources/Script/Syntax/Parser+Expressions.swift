/// Expressions, by Swift's precedence groups, from the ternary down to literals.
extension Parser {
    mutating func parseExpression() throws -> Expression {
        try enterNesting(at: current.location)
        defer { nesting -= 1 }
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

    enum Associativity { case left, right, none }

    static let levels: [(operators: [Punctuation], associativity: Associativity, name: String)] = [
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
    func binaryOperator(at level: Int) -> Punctuation? {
        guard case .symbol(let punctuation) = current.kind, Self.levels[level].operators.contains(punctuation) else {
            return nil
        }
        if current.newlineBefore, !current.spaceAfter { return nil }
        return punctuation
    }

    mutating func parseBinary(level: Int) throws -> Expression {
        guard level < Self.levels.count else { return try parseUnary() }
        var left = try parseBinary(level: level + 1)
        let (_, associativity, groupName) = Self.levels[level]
        let outerNesting = nesting
        defer { nesting = outerNesting }
        while let punctuation = binaryOperator(at: level) {
            let operatorLocation = current.location
            // Each link deepens the left-leaning tree by one.
            try enterNesting(at: operatorLocation)
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

    func makeBinary(_ punctuation: Punctuation, _ left: Expression, _ right: Expression,
                            at location: SourceLocation) -> Expression {
        switch punctuation {
        case .halfOpenRange: return Expression(kind: .range(left, right, closed: false), location: location)
        case .closedRange: return Expression(kind: .range(left, right, closed: true), location: location)
        default:
            let binary = BinaryOperator(rawValue: punctuation.rawValue) ?? .add
            return Expression(kind: .binary(binary, left, right), location: location)
        }
    }

    mutating func parseUnary() throws -> Expression {
        let start = current.location
        guard isSymbol(.minus) || isSymbol(.not) else { return try parsePostfix() }
        try enterNesting(at: start)
        defer { nesting -= 1 }
        if consume(.minus) {
            let operand = try parseUnary()
            switch operand.kind {
            case .integer(let value): return Expression(kind: .integer(-value), location: start)
            case .double(let value): return Expression(kind: .double(-value), location: start)
            default: return Expression(kind: .unary(.negate, operand), location: start)
            }
        }
        advance()
        return Expression(kind: .unary(.not, try parseUnary()), location: start)
    }

    mutating func parsePostfix() throws -> Expression {
        var expression = try parsePrimary()
        let outerNesting = nesting
        defer { nesting = outerNesting }
        while true {
            let trailingClosure = isSymbol(.leftBrace) && !noTrailingClosure && !current.newlineBefore
            if isSymbol(.dot) || (isSymbol(.leftParen) || isSymbol(.leftBracket)) && !current.newlineBefore || trailingClosure {
                // Each member, call or subscript deepens the tree by one.
                try enterNesting(at: current.location)
            }
            if isSymbol(.dot) {
                advance()
                if case .integer(let index) = current.kind {
                    expression = Expression(kind: .member(expression, name: String(index)), location: current.location)
                    advance()
                    continue
                }
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
                let outer = noTrailingClosure
                noTrailingClosure = false
                defer { noTrailingClosure = outer }
                let index = try parseExpression()
                try expect(.rightBracket, "expected ']' in subscript", notes: ["to match '[' at \(open)"])
                expression = Expression(kind: .subscripting(expression, index: index), location: open)
            } else if trailingClosure {
                let closure = try parseClosure()
                let argument = Argument(label: nil, value: closure, location: closure.location, isTrailingClosure: true)
                if case .call(let callee, var arguments) = expression.kind {
                    arguments.append(argument)
                    expression.kind = .call(callee, arguments: arguments)
                } else {
                    expression = Expression(kind: .call(expression, arguments: [argument]), location: closure.location)
                    expression.location = callLocation(of: expression)
                }
            } else {
                return expression
            }
        }
    }

    /// A call is reported at its callee's name: `train` in `train(...)`, `generate` in `model.generate(...)`.
    func callLocation(of call: Expression) -> SourceLocation {
        guard case .call(let callee, _) = call.kind else { return call.location }
        return callee.location
    }

    func memberName() -> String? {
        switch current.kind {
        case .identifier(let name): return name
        case .keyword(let keyword): return keyword.rawValue
        default: return nil
        }
    }

    /// `(label: value, value, ...)`, trailing comma allowed.
    mutating func parseArguments() throws -> [Argument] {
        let open = current.location
        advance()
        let outer = noTrailingClosure
        noTrailingClosure = false
        defer { noTrailingClosure = outer }
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
            let value = try operatorClosure() ?? parseExpression()
            arguments.append(Argument(label: label, value: value, location: start))
            guard consume(.comma) else { break }
        }
        try expect(.rightParen, "expected ')' in argument list", notes: ["to match '(' at \(open)"])
        return arguments
    }

    mutating func parsePrimary() throws -> Expression {
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
            if name.hasPrefix("$") { try noteShorthandArgument(name, at: location) }
            advance()
            return Expression(kind: .identifier(name), location: location)
        case .symbol(.leftParen):
            advance()
            let outer = noTrailingClosure
            noTrailingClosure = false
            defer { noTrailingClosure = outer }
            if case .identifier = current.kind, next.kind == .symbol(.colon) {
                throw Diagnostic("tuple element labels are not supported; write '(a, b)' and read '.0', '.1'",
                                 at: current.location)
            }
            let inner = try parseExpression()
            guard consume(.comma) else {
                try expect(.rightParen, "expected ')' after expression", notes: ["to match '(' at \(location)"])
                return inner
            }
            var elements = [inner]
            while !isSymbol(.rightParen), current.kind != .end {
                elements.append(try parseExpression())
                guard consume(.comma) else { break }
            }
            try expect(.rightParen, "expected ')' in tuple", notes: ["to match '(' at \(location)"])
            return Expression(kind: .tuple(elements), location: location)
        case .symbol(.leftBrace):
            return try parseClosure()
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
    mutating func parseCollection() throws -> Expression {
        let open = current.location
        advance()
        let outer = noTrailingClosure
        noTrailingClosure = false
        defer { noTrailingClosure = outer }
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
    mutating func parseStringParts(_ segments: [StringSegment]) throws -> [StringPart] {
        var parts: [StringPart] = []
        for segment in segments {
            parts.append(try parseStringPart(segment))
        }
        return parts
    }

    private mutating func parseStringPart(_ segment: StringSegment) throws -> StringPart {
        switch segment {
        case .text(let text):
            return .text(text)
        case .interpolation(let tokens):
            var parser = Parser(tokens: tokens, nesting: nesting)
            parser.source = source
            parser.shorthandArguments = shorthandArguments
            parser.functionDepth = functionDepth
            if parser.isSymbol(.rightParen) {
                throw Diagnostic("empty interpolation: write an expression inside '\\( )'", at: parser.current.location)
            }
            let expression = try parser.parseExpression()
            guard parser.isSymbol(.rightParen) else {
                throw Diagnostic("expected ')' to end the interpolation, found \(parser.current.kind.quoted)",
                                 at: parser.current.location)
            }
            shorthandArguments = parser.shorthandArguments
            return .interpolation(expression)
        }
    }
}
