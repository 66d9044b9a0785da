/// `while`, `repeat`, `switch`, `guard`, `if let` conditions and tuple destructuring.
extension Interpreter {
    /// Tests a condition list left to right in the current scope, binding each `let x = optional` there
    /// as it goes (so later clauses see it); false at the first false clause or nil optional.
    func conditionsHold(_ conditions: [Condition], of construct: String) throws -> Bool {
        for clause in conditions {
            switch clause {
            case .boolean(let expression):
                if try !condition(expression, of: construct) { return false }
            case let .optionalBinding(name, isMutable, expression):
                let value = try evaluate(expression)
                if value == .null { return false }
                try checkDeclarable(name, at: expression.startLocation)
                bind(name, to: Binding(value: value, isMutable: isMutable, type: isMutable ? Interpreter.inferredType(of: value) : .any,
                                       location: expression.startLocation))
            }
        }
        return true
    }

    func runWhile(_ conditions: [Condition], body: [Statement], testsFirst: Bool, at location: SourceLocation) throws -> Flow {
        var first = true
        while true {
            try checkBudget(at: location)
            var flow = Flow.normal
            var done = false
            try withScope {
                if testsFirst || !first {
                    guard try conditionsHold(conditions, of: testsFirst ? "'while'" : "'repeat-while'") else {
                        done = true
                        return
                    }
                }
                flow = try executeBlock(body)
            }
            first = false
            if done || flow == .breakLoop { return .normal }
            if case .returned = flow { return flow }
        }
    }

    /// Runs the first case whose pattern matches; `break` ends the switch.
    func run(_ statement: SwitchStatement) throws -> Flow {
        let subject = try evaluate(statement.subject)
        for switchCase in statement.cases {
            var matched = switchCase.isDefault
            for pattern in switchCase.patterns where !matched {
                matched = try pattern.map { try matches(subject, $0) } ?? true
            }
            guard matched else { continue }
            let flow = try executeBlock(switchCase.body)
            return flow == .breakLoop ? .normal : flow
        }
        return .normal
    }

    /// `case 3`, `case "a"`: equality; `case 0..<10`, `case "a"..."m"`: containment.
    private func matches(_ subject: Value, _ pattern: Expression) throws -> Bool {
        if case let .range(lowerExpression, upperExpression, closed) = pattern.kind {
            let (lower, upper) = (try evaluate(lowerExpression), try evaluate(upperExpression))
            try checkComparable(subject, lower, at: lowerExpression.startLocation)
            try checkComparable(subject, upper, at: upperExpression.startLocation)
            guard let low = Operators.ordering(lower, subject), let high = Operators.ordering(subject, upper),
                  low != Operators.unordered, high != Operators.unordered else { return false }
            return low <= 0 && (closed ? high <= 0 : high < 0)
        }
        let value = try evaluate(pattern)
        try checkComparable(subject, value, at: pattern.startLocation)
        return Operators.equal(subject, value)
    }

    /// A number never matches a string pattern and so on: say so, as Swift's type checker would.
    private func checkComparable(_ subject: Value, _ pattern: Value, at location: SourceLocation) throws {
        func kind(_ value: Value) -> String? {
            switch value {
            case .int, .double: return "number"
            case .string: return "String"
            case .bool: return "Bool"
            default: return nil
            }
        }
        if let subjectKind = kind(subject), let patternKind = kind(pattern), subjectKind != patternKind {
            throw Diagnostic("a case pattern of type '\(pattern.typeName)' cannot match a switch value of type "
                             + "'\(subject.typeName)'", at: location)
        }
    }

    /// The conditions' bindings stay in the enclosing scope; when a clause fails, the `else` block runs
    /// (the parser made sure it leaves).
    func runGuard(_ conditions: [Condition], otherwise: [Statement], at location: SourceLocation) throws -> Flow {
        var holds = false
        var bindings: [(String, Binding)] = []
        try withScope {
            holds = try conditionsHold(conditions, of: "'guard'")
            bindings = scopes[scopes.count - 1].map { ($0.key, $0.value) }
        }
        guard holds else { return try executeBlock(otherwise) }
        for (name, binding) in bindings.sorted(by: { $0.0 < $1.0 }) {
            try checkDeclarable(name, at: binding.location)
            bind(name, to: binding)
        }
        return .normal
    }

    /// `let (a, b) = (1, 2)`: a tuple (or an array of as many elements) gives one value per name.
    func destructure(_ expression: Expression, into names: [String], isMutable: Bool, at location: SourceLocation) throws {
        let value = try evaluate(expression)
        guard case .array(let elements) = value, elements.count == names.count else {
            throw Diagnostic("cannot destructure a value of type '\(value.typeName)' into the pattern "
                             + "(\(names.joined(separator: ", "))): it needs a tuple of \(names.count) elements",
                             at: expression.startLocation)
        }
        for (name, element) in zip(names, elements) where name != "_" {
            try checkDeclarable(name, at: location)
            bind(name, to: Binding(value: element, isMutable: isMutable, type: Interpreter.inferredType(of: element),
                                   location: location))
        }
    }
}
