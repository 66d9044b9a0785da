/// `func` declarations, closures (with named or `$0` parameters) and trailing closures.
extension Parser {
    /// `func name(label name: Type = default, _ other: Type) -> Type { body }`.
    mutating func parseFunction() throws -> Function {
        let first = current
        advance()
        guard case .identifier(let name) = current.kind, name != "_", !name.hasPrefix("$") else {
            throw Diagnostic("expected a function name after 'func', found \(current.kind.quoted)", at: current.location)
        }
        let nameLocation = current.location
        advance()
        let open = current.location
        try expect(.leftParen, "expected '(' after the function name")
        var parameters: [FunctionParameter] = []
        while !isSymbol(.rightParen), current.kind != .end {
            let parameterLocation = current.location
            let parameter = try parseParameter(of: name)
            if parameters.contains(where: { $0.name == parameter.name }) {
                throw Diagnostic("invalid redeclaration of parameter '\(parameter.name)'", at: parameterLocation)
            }
            parameters.append(parameter)
            guard consume(.comma) else { break }
        }
        try expect(.rightParen, "expected ')' in the parameter list", notes: ["to match '(' at \(open)"])
        var returnType: ScriptType?
        if consume(.arrow) {
            returnType = try parseType()
            if returnType == .object("Void") { returnType = nil }
        }
        let body = try parseFunctionBody(after: "the function signature")
        return Function(name: name, parameters: parameters, returnType: returnType, body: body,
                        source: text(from: first.offset, to: tokens[position - 1].endOffset), location: nameLocation)
    }

    /// `name: Type`, `label name: Type`, `_ name: Type`, each with an optional `= default`.
    mutating func parseParameter(of function: String) throws -> FunctionParameter {
        guard let first = memberName() else {
            throw Diagnostic("expected a parameter name, found \(current.kind.quoted)", at: current.location)
        }
        advance()
        var label: String? = first
        var name = first
        if case .identifier(let second) = current.kind {
            name = second
            label = first == "_" ? nil : first
            advance()
        }
        if name == "_" || name.hasPrefix("$") {
            throw Diagnostic("expected a parameter name after the label '\(first)'", at: current.location)
        }
        guard consume(.colon) else {
            throw Diagnostic("parameter '\(name)' of '\(function)' needs a type: write '\(name): Int' (or Double, "
                             + "String, Bool, [Int], Any ...)", at: current.location)
        }
        let type = try parseType()
        let defaultValue = consume(.assign) ? try parseExpression() : nil
        return FunctionParameter(label: label, name: name, type: type, defaultValue: defaultValue)
    }

    /// A function's `{ ... }`: `return` is allowed, `break`/`continue` start afresh and `$0` is not allowed.
    mutating func parseFunctionBody(after construct: String) throws -> [Statement] {
        try inFunctionBody(shorthand: nil) { parser in try parser.parseBlock(after: construct) }.body
    }

    /// Parses a function's or closure's body with `return` allowed and no enclosing loop or switch;
    /// `shorthand` is -1 for a closure without named parameters (which may use `$0`), nil otherwise.
    /// Also returns the highest `$n` the body used.
    private mutating func inFunctionBody(shorthand: Int?, _ parse: (inout Parser) throws -> [Statement]) throws
        -> (body: [Statement], highestShorthand: Int) {
        let saved = (loopDepth, switchDepth, noTrailingClosure)
        (loopDepth, switchDepth, noTrailingClosure) = (0, 0, false)
        functionDepth += 1
        shorthandArguments.append(shorthand)
        defer {
            (loopDepth, switchDepth, noTrailingClosure) = saved
            functionDepth -= 1
            shorthandArguments.removeLast()
        }
        let body = try parse(&self)
        return (body, (shorthandArguments.last ?? nil) ?? -1)
    }

    /// `{ body }`, `{ a, b in body }`, `{ (a: Int, b: Int) -> Int in body }`; without named parameters
    /// the closure takes as many as the highest `$n` it uses.
    mutating func parseClosure() throws -> Expression {
        let first = current
        try enterNesting(at: first.location)
        defer { nesting -= 1 }
        advance()
        let (start, startNesting) = (position, nesting)
        let signature = closureSignature()
        if signature == nil { (position, nesting) = (start, startNesting) }
        let (body, highest) = try inFunctionBody(shorthand: signature == nil ? -1 : nil) { parser in
            let body = try parser.parseStatements(until: .rightBrace)
            try parser.expect(.rightBrace, "expected '}' at end of closure", notes: ["to match '{' at \(first.location)"])
            return body
        }
        let function = Function(name: nil, parameters: signature?.parameters ?? Parser.shorthandParameters(count: highest + 1),
                                returnType: signature?.returnType, body: body,
                                source: text(from: first.offset, to: tokens[position - 1].endOffset), location: first.location)
        return Expression(kind: .closure(function), location: first.location)
    }

    static func shorthandParameters(count: Int) -> [FunctionParameter] {
        (0..<max(count, 0)).map { FunctionParameter(label: nil, name: "$\($0)", type: .any) }
    }

    struct ClosureSignature {
        var parameters: [FunctionParameter]
        var returnType: ScriptType?
    }

    /// After a closure's `{`: `a, b in`, `(a, b) in` or `(a: Int) -> Int in`, else nil (the body starts here).
    private mutating func closureSignature() -> ClosureSignature? {
        var parameters: [FunctionParameter] = []
        let parenthesized = consume(.leftParen)
        while case .identifier(let name) = current.kind, !name.hasPrefix("$") {
            advance()
            var type = ScriptType.any
            if parenthesized, consume(.colon) {
                guard let parsed = try? parseType() else { return nil }
                type = parsed
            }
            if name != "_", parameters.contains(where: { $0.name == name }) { return nil }
            parameters.append(FunctionParameter(label: nil, name: name, type: type))
            guard consume(.comma) else { break }
        }
        if parenthesized, !consume(.rightParen) { return nil }
        if !parenthesized, parameters.isEmpty { return nil }
        var returnType: ScriptType?
        if consume(.arrow) {
            guard let parsed = try? parseType() else { return nil }
            returnType = parsed == .object("Void") ? nil : parsed
        }
        guard isKeyword(.in) else { return nil }
        advance()
        return ClosureSignature(parameters: parameters, returnType: returnType)
    }

    /// `<` in `sorted(by: <)` or `+` in `reduce(0, +)`: an operator passed as a two-argument closure.
    mutating func operatorClosure() -> Expression? {
        guard case .symbol(let punctuation) = current.kind,
              next.kind == .symbol(.rightParen) || next.kind == .symbol(.comma),
              [.plus, .minus, .times, .divide, .remainder, .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual]
                .contains(punctuation) else { return nil }
        let location = current.location
        let first = current
        advance()
        let parameters = Parser.shorthandParameters(count: 2)
        let operands = parameters.map { Expression(kind: .identifier($0.name), location: location) }
        let body = makeBinary(punctuation, operands[0], operands[1], at: location)
        let function = Function(name: nil, parameters: parameters, returnType: nil,
                                body: [Statement(kind: .expression(body), location: location)],
                                source: text(from: first.offset, to: first.endOffset), location: location)
        return Expression(kind: .closure(function), location: location)
    }

    /// `$n` inside a closure without named parameters: records the highest `n` used.
    mutating func noteShorthandArgument(_ name: String, at location: SourceLocation) throws {
        guard let index = shorthandArguments.indices.last else {
            throw Diagnostic("anonymous closure argument '\(name)' is not inside a closure", at: location)
        }
        guard let highest = shorthandArguments[index] else {
            throw Diagnostic("anonymous closure arguments like '\(name)' cannot be used where parameters are named",
                             at: location)
        }
        shorthandArguments[index] = max(highest, Int(name.dropFirst()) ?? 0)
    }

    /// The source text between two scalar offsets.
    func text(from start: Int, to end: Int) -> String {
        guard start >= 0, start <= end, end <= source.count else { return "" }
        var text = ""
        text.unicodeScalars.append(contentsOf: source[start..<end])
        return text
    }
}
