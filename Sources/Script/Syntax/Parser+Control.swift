/// `while`, `repeat`, `switch`, `guard`, condition lists with `if let`, and tuple destructuring.
extension Parser {
    /// `cond, let x = optional, var y = other, let z` (Swift's shorthand for `let z = z`).
    mutating func parseConditions(of construct: String) throws -> [Condition] {
        var conditions: [Condition] = []
        repeat {
            if isKeyword(.let) || isKeyword(.var) {
                let isMutable = isKeyword(.var)
                advance()
                guard case .identifier(let name) = current.kind, name != "_", !name.hasPrefix("$") else {
                    throw Diagnostic("expected a name after '\(isMutable ? "var" : "let")' in the '\(construct)' condition, "
                                     + "found \(current.kind.quoted)", at: current.location)
                }
                let nameLocation = current.location
                advance()
                if consume(.colon) { _ = try parseType() }
                let value = consume(.assign)
                    ? try parseCondition(of: construct)
                    : Expression(kind: .identifier(name), location: nameLocation)
                conditions.append(.optionalBinding(name: name, isMutable: isMutable, value: value))
            } else {
                conditions.append(.boolean(try parseCondition(of: construct)))
            }
        } while consume(.comma)
        return conditions
    }

    mutating func parseWhileLoop() throws -> Statement {
        let start = current.location
        advance()
        let conditions = try parseConditions(of: "while")
        let body = try parseLoopBody(after: "the 'while' condition")
        return Statement(kind: .whileLoop(conditions: conditions, body: body, testsFirst: true), location: start)
    }

    mutating func parseRepeatLoop() throws -> Statement {
        let start = current.location
        advance()
        let body = try parseLoopBody(after: "'repeat'")
        guard isKeyword(.while) else {
            throw Diagnostic("expected 'while' after the 'repeat' body, found \(current.kind.quoted)", at: current.location)
        }
        advance()
        let condition = try parseCondition(of: "repeat-while")
        return Statement(kind: .whileLoop(conditions: [.boolean(condition)], body: body, testsFirst: false), location: start)
    }

    mutating func parseLoopBody(after construct: String) throws -> [Statement] {
        loopDepth += 1
        defer { loopDepth -= 1 }
        return try parseBlock(after: construct)
    }

    /// `switch value { case 1, 2: ... case 3..<10: ... case "a": ... default: ... }`.
    mutating func parseSwitch() throws -> Statement {
        let start = current.location
        advance()
        let subject = try parseCondition(of: "switch")
        let open = current.location
        try enterNesting(at: open)
        defer { nesting -= 1 }
        try expect(.leftBrace, "expected '{' after the 'switch' subject")
        switchDepth += 1
        defer { switchDepth -= 1 }
        var cases: [SwitchCase] = []
        var defaultLocation: SourceLocation?
        while !isSymbol(.rightBrace), current.kind != .end {
            while consume(.semicolon) {}
            let caseLocation = current.location
            if let defaultLocation {
                throw Diagnostic("additional 'case' blocks cannot appear after the 'default' block of a 'switch'",
                                 at: caseLocation, notes: ["'default' is at \(defaultLocation)"])
            }
            var patterns: [Expression?] = []
            var isDefault = false
            if isKeyword(.default) {
                advance()
                isDefault = true
                defaultLocation = caseLocation
            } else if isKeyword(.case) {
                advance()
                repeat {
                    if case .identifier("_") = current.kind {
                        advance()
                        patterns.append(nil)
                    } else {
                        patterns.append(try parseCondition(of: "case"))
                    }
                } while consume(.comma)
            } else {
                throw Diagnostic("expected 'case' or 'default' in the 'switch' body, found \(current.kind.quoted)",
                                 at: caseLocation)
            }
            try expect(.colon, "expected ':' after the \(isDefault ? "'default'" : "case pattern")")
            var body: [Statement] = []
            while !isKeyword(.case), !isKeyword(.default), !isSymbol(.rightBrace), current.kind != .end {
                while consume(.semicolon) {}
                if isKeyword(.case) || isKeyword(.default) || isSymbol(.rightBrace) { break }
                body.append(try parseStatement())
                if !(isSymbol(.semicolon) || current.kind == .end || current.newlineBefore || isSymbol(.rightBrace)) {
                    throw Diagnostic("consecutive statements on a line must be separated by ';'", at: current.location)
                }
            }
            if body.isEmpty {
                throw Diagnostic("'\(isDefault ? "default" : "case")' label in a 'switch' must have at least one "
                                 + "statement; write 'break' to do nothing", at: caseLocation)
            }
            cases.append(SwitchCase(patterns: patterns, isDefault: isDefault, body: body))
        }
        try expect(.rightBrace, "expected '}' at end of the 'switch'", notes: ["to match '{' at \(open)"])
        let patternKinds = Set(cases.flatMap(\.patterns).compactMap { $0?.kind })
        let coversBooleans = patternKinds.contains(.bool(true)) && patternKinds.contains(.bool(false))
        let hasWildcard = cases.contains { $0.patterns.contains { $0 == nil } }
        if defaultLocation == nil, !hasWildcard, !coversBooleans {
            throw Diagnostic("switch must be exhaustive; add a 'default:' case", at: start)
        }
        return Statement(kind: .switchStatement(SwitchStatement(subject: subject, cases: cases)), location: start)
    }

    /// `guard conditions else { ... }`: the `else` block must leave with `return`, `break`, `continue` or
    /// `fatalError(...)`, as in Swift.
    mutating func parseGuard() throws -> Statement {
        let start = current.location
        advance()
        let conditions = try parseConditions(of: "guard")
        guard isKeyword(.else) else {
            throw Diagnostic("expected 'else' after the 'guard' condition, found \(current.kind.quoted)", at: current.location)
        }
        advance()
        let elseLocation = current.location
        let otherwise = try parseBlock(after: "'else'")
        if !Parser.exits(otherwise) {
            throw Diagnostic("'guard' body must not fall through; end it with 'return', 'break', 'continue' "
                             + "or 'fatalError(\"...\")'", at: elseLocation)
        }
        return Statement(kind: .guardStatement(conditions: conditions, otherwise: otherwise), location: start)
    }

    /// Whether a block always leaves its scope: its last statement transfers control or stops the cell.
    static func exits(_ block: [Statement]) -> Bool {
        guard let last = block.last else { return false }
        switch last.kind {
        case .returnValue, .breakLoop, .continueLoop:
            return true
        case .expression(let expression):
            if case .call(let callee, _) = expression.kind, case .identifier("fatalError") = callee.kind { return true }
            return false
        case let .conditional(branches, otherwise):
            guard let otherwise else { return false }
            return branches.allSatisfy { exits($0.body) } && exits(otherwise)
        default:
            return false
        }
    }

    /// `let (a, b) = value` or `var (x, _) = value`.
    mutating func parseDestructuring() throws -> Statement {
        let start = current.location
        let isMutable = isKeyword(.var)
        advance()
        let open = current.location
        advance()
        var names: [String] = []
        repeat {
            guard case .identifier(let name) = current.kind, !name.hasPrefix("$") else {
                throw Diagnostic("expected a name in the tuple pattern, found \(current.kind.quoted)", at: current.location)
            }
            if name != "_", names.contains(name) {
                throw Diagnostic("invalid redeclaration of '\(name)' in the tuple pattern", at: current.location)
            }
            names.append(name)
            advance()
        } while consume(.comma)
        try expect(.rightParen, "expected ')' after the tuple pattern", notes: ["to match '(' at \(open)"])
        if names.count < 2 {
            throw Diagnostic("a tuple pattern needs at least two names; write '\(isMutable ? "var" : "let") name = ...'",
                             at: open)
        }
        if consume(.colon) { _ = try parseType() }
        guard consume(.assign) else {
            throw Diagnostic("a tuple pattern needs a value: write '= (..., ...)'", at: current.location)
        }
        return Statement(kind: .destructuring(isMutable: isMutable, names: names, value: try parseExpression()),
                         location: start)
    }
}
