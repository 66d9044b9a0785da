extension Interpreter {
    /// The largest array a range expression outside a `for` loop may build.
    static let maximumRangeArrayCount = 10_000_000

    func evaluate(_ expression: Expression) throws -> Value {
        switch expression.kind {
        case .integer(let value): return .int(value)
        case .double(let value): return .double(value)
        case .bool(let value): return .bool(value)
        case .null: return .null
        case .string(let parts):
            var text = ""
            for part in parts {
                switch part {
                case .text(let literal): text += literal
                case .interpolation(let inner):
                    let piece = try evaluate(inner).description
                    try checkSize(Double(text.utf8.count + piece.utf8.count), of: "String", at: inner.location)
                    text += piece
                }
            }
            return .string(text)
        case .array(let elements), .tuple(let elements):
            return .array(try elements.map(evaluate))
        case .closure(let function):
            return .object(makeFunction(function))
        case .dictionary(let entries):
            var dictionary = ScriptDictionary()
            for entry in entries {
                let key = try evaluate(entry.key)
                if dictionary[key] != nil {
                    throw Diagnostic("dictionary literal has the key \(Value.array([key]).description.dropFirst().dropLast()) twice",
                                     at: entry.key.startLocation)
                }
                dictionary[key] = try evaluate(entry.value)
            }
            return .dictionary(dictionary)
        case .identifier(let name):
            if let binding = lookup(name) { return binding.value }
            if builtins.contains(name) {
                throw Diagnostic("builtin '\(name)' must be called: write '\(name)(...)'", at: expression.location)
            }
            throw Diagnostic("cannot find '\(name)' in scope\(SpellingSuggestion.hint(for: name, among: visibleNames()))",
                             at: expression.location)
        case let .implicitMember(name, arguments):
            return .symbol(Symbol(name, arguments: try arguments.map { LabeledValue(label: $0.label, value: try evaluate($0.value)) }))
        case let .member(base, name):
            return try member(name, of: try evaluate(base), at: expression.location)
        case let .subscripting(base, index):
            return try subscripted(base, index, at: expression.location)
        case let .call(callee, arguments):
            return try call(callee, arguments, at: expression.location)
        case let .unary(operation, operand):
            let value = try evaluate(operand)
            switch operation {
            case .negate:
                do { return try Operators.negate(value) } catch { throw Diagnostic(error.message, at: expression.location) }
            case .not:
                guard case .bool(let flag) = value else {
                    throw Diagnostic("unary operator '!' cannot be applied to an operand of type '\(value.typeName)'",
                                     at: expression.location)
                }
                return .bool(!flag)
            }
        case let .binary(operation, left, right):
            return try binary(operation, left, right, at: expression.location)
        case let .ternary(test, then, otherwise):
            return try evaluate(try condition(test, of: "'?:'") ? then : otherwise)
        case let .range(lower, upper, closed):
            let (low, high) = try rangeBounds(lower, upper, closed: closed, at: expression.location)
            let (count, overflow) = high.subtractingReportingOverflow(low)
            guard !overflow, count < Interpreter.maximumRangeArrayCount else {
                throw Diagnostic("range \(low)\(closed ? "..." : "..<")\(high) is too large to make an array; use it in a for-in loop",
                                 at: expression.location)
            }
            return .array((closed ? Array(low...high) : Array(low..<high)).map { .int($0) })
        }
    }

    private func binary(_ operation: BinaryOperator, _ leftExpression: Expression, _ rightExpression: Expression,
                        at location: SourceLocation) throws -> Value {
        switch operation {
        case .and, .or:
            let left = try evaluate(leftExpression)
            guard case .bool(let leftFlag) = left else {
                throw Diagnostic("operator '\(operation.rawValue)' needs Bool operands, got '\(left.typeName)'", at: leftExpression.location)
            }
            if operation == .and ? !leftFlag : leftFlag { return left }
            let right = try evaluate(rightExpression)
            guard case .bool = right else {
                throw Diagnostic("operator '\(operation.rawValue)' needs Bool operands, got '\(right.typeName)'", at: rightExpression.location)
            }
            return right
        case .nilCoalescing:
            let left = try evaluate(leftExpression)
            return left == .null ? try evaluate(rightExpression) : left
        default:
            return try apply(operation, try evaluate(leftExpression), try evaluate(rightExpression), at: location)
        }
    }

    private func member(_ name: String, of value: Value, at location: SourceLocation) throws -> Value {
        if case .object(let object) = value {
            let found: Value?
            do { found = try object.member(name) } catch let diagnostic as Diagnostic { throw diagnostic } catch {
                throw Diagnostic(Interpreter.message(of: error), at: location)
            }
            if let found { return found }
            if object.methodNames.contains(name) {
                throw Diagnostic("method '\(name)' of '\(object.typeName)' must be called: write '\(name)(...)'", at: location)
            }
            let hint = SpellingSuggestion.hint(for: name, among: object.memberNames + object.methodNames)
            throw Diagnostic("value of type '\(object.typeName)' has no member '\(name)'\(hint)", at: location)
        }
        if let found = ValueMembers.property(name, of: value) { return found }
        if ValueMembers.methodNames(of: value).contains(name) {
            throw Diagnostic("method '\(name)' must be called: write '\(name)(...)'", at: location)
        }
        let hint = SpellingSuggestion.hint(for: name, among: ValueMembers.propertyNames(of: value) + ValueMembers.methodNames(of: value))
        throw Diagnostic("value of type '\(value.typeName)' has no member '\(name)'\(hint)", at: location)
    }

    private func subscripted(_ baseExpression: Expression, _ indexExpression: Expression, at location: SourceLocation) throws -> Value {
        let base = try evaluate(baseExpression)
        if case .array(let elements) = base, case let .range(lower, upper, closed) = indexExpression.kind {
            let (low, high) = try rangeBounds(lower, upper, closed: closed, at: indexExpression.location)
            guard low >= 0, closed ? high < elements.count : high <= elements.count else {
                throw Diagnostic("range \(low)\(closed ? "..." : "..<")\(high) out of bounds (valid indices: \(Interpreter.validIndices(elements.count)))",
                                 at: indexExpression.location)
            }
            return .array(Array(closed ? elements[low...high] : elements[low..<high]))
        }
        let index = try evaluate(indexExpression)
        switch (base, index) {
        case let (.array(elements), .int(position)):
            guard elements.indices.contains(position) else {
                throw Diagnostic("index \(position) out of range (valid indices: \(Interpreter.validIndices(elements.count)))", at: indexExpression.location)
            }
            return elements[position]
        case let (.dictionary(dictionary), key):
            return dictionary[key] ?? .null
        case (.array, _):
            throw Diagnostic("array index must be an Int, got a value of type '\(index.typeName)'", at: indexExpression.location)
        default:
            throw Diagnostic("value of type '\(base.typeName)' has no subscripts", at: location)
        }
    }

    private func call(_ callee: Expression, _ arguments: [Argument], at location: SourceLocation) throws -> Value {
        switch callee.kind {
        case .identifier(let name):
            guard let builtin = builtins.builtin(named: name) else {
                if let binding = lookup(name) {
                    if case .object(let object) = binding.value, let function = object as? ScriptFunction {
                        return try call(function, arguments, at: location)
                    }
                    throw Diagnostic("cannot call value of non-function type '\(binding.value.typeName)'", at: location)
                }
                let hint = SpellingSuggestion.hint(for: name, among: visibleNames())
                throw Diagnostic("cannot find '\(name)' in scope\(hint)", at: location)
            }
            return try invoke(builtin, callee: "\(name)(...)", arguments: try evaluateArguments(arguments), at: location)
        case let .member(baseExpression, name):
            if name == "append" {
                return try append(to: baseExpression, arguments: arguments, at: location)
            }
            let base = try evaluate(baseExpression)
            if Interpreter.functionMethods.contains(name), base.isCollection {
                let evaluated = try evaluateArguments(arguments)
                if let result = try functionMethod(name, of: base, arguments: evaluated.map(\.value),
                                                   trailing: arguments.map(\.isTrailingClosure), at: location) {
                    return result
                }
                return try plainMethod(name, of: base, arguments: evaluated, at: location)
            }
            if case .object(let object) = base {
                guard let method = object.method(name) else {
                    if object.memberNames.contains(name) {
                        throw Diagnostic("member '\(name)' of '\(object.typeName)' is not a method", at: location)
                    }
                    let hint = SpellingSuggestion.hint(for: name, among: object.methodNames + object.memberNames)
                    throw Diagnostic("value of type '\(object.typeName)' has no method '\(name)'\(hint)", at: location)
                }
                return try invoke(method, callee: "\(name)(...)", arguments: try evaluateArguments(arguments), at: location)
            }
            return try plainMethod(name, of: base, arguments: try evaluateArguments(arguments), at: location)
        default:
            let value = try evaluate(callee)
            if case .object(let object) = value, let function = object as? ScriptFunction {
                return try call(function, arguments, at: location)
            }
            throw Diagnostic("cannot call value of non-function type '\(value.typeName)'", at: location)
        }
    }

    /// Calls a function value with a call site's arguments.
    private func call(_ function: ScriptFunction, _ arguments: [Argument], at location: SourceLocation) throws -> Value {
        let evaluated = try evaluateArguments(arguments)
        return try call(function, labeled: evaluated.map(\.value), trailing: arguments.map(\.isTrailingClosure),
                        at: location, argumentLocations: evaluated.map(\.location))
    }

    /// A method of a plain value (`xs.sorted()`, `name.uppercased()`), or an error naming the methods it has.
    private func plainMethod(_ name: String, of base: Value, arguments: [EvaluatedArgument],
                             at location: SourceLocation) throws -> Value {
        guard let method = ValueMembers.method(name, of: base) else {
            if ValueMembers.property(name, of: base) != nil {
                throw Diagnostic("'\(name)' is a property, not a method: write '.\(name)' without parentheses", at: location)
            }
            let hint = SpellingSuggestion.hint(for: name, among: ValueMembers.methodNames(of: base))
            throw Diagnostic("value of type '\(base.typeName)' has no method '\(name)'\(hint)", at: location)
        }
        let values = try bind(arguments, to: method.parameters, callee: "\(name)(...)", at: location)
        lastCallIsEffect = false
        let result: Value
        do { result = try method.apply(values) } catch { throw Diagnostic(error.message, at: location, notes: error.notes) }
        try checkSize(of: result, at: location)
        return result
    }

    /// `xs.append(x)` and `xs.append(contentsOf: ys)` on a `var` array.
    private func append(to baseExpression: Expression, arguments: [Argument], at location: SourceLocation) throws -> Value {
        let contentsOf = arguments.first?.label == "contentsOf"
        let parameters = contentsOf ? [Parameter("contentsOf", .array(.any))] : [Parameter.unlabeled("element", .any)]
        let values = try bind(try evaluateArguments(arguments), to: parameters, callee: "append(...)", at: location)
        if contentsOf, case .array(let more) = values[0] {
            try append(more, to: baseExpression, at: location)
        } else {
            try append([values[0]], to: baseExpression, at: location)
        }
        lastCallIsEffect = true
        return .null
    }

    private struct EvaluatedArgument {
        var value: LabeledValue
        var location: SourceLocation
        /// The positions of an implicit member's own arguments, so errors inside `.lora(...)` point there.
        var symbolArgumentLocations: [SourceLocation]
    }

    private func evaluateArguments(_ arguments: [Argument]) throws -> [EvaluatedArgument] {
        try arguments.map { argument in
            var inner: [SourceLocation] = []
            if case .implicitMember(_, let symbolArguments) = argument.value.kind { inner = symbolArguments.map(\.location) }
            return EvaluatedArgument(value: LabeledValue(label: argument.label, value: try evaluate(argument.value)),
                                     location: argument.location, symbolArgumentLocations: inner)
        }
    }

    private func bind(_ arguments: [EvaluatedArgument], to parameters: [Parameter], callee: String,
                      at location: SourceLocation) throws -> [Value] {
        switch ArgumentBinding.bind(arguments.map(\.value), to: parameters, callee: callee) {
        case .success(let values):
            return values
        case .failure(let failure):
            guard let index = failure.argumentIndex else { throw Diagnostic(failure.message, at: location) }
            let argument = arguments[index]
            if let inner = failure.symbolArgumentIndex, argument.symbolArgumentLocations.indices.contains(inner) {
                throw Diagnostic(failure.message, at: argument.symbolArgumentLocations[inner])
            }
            throw Diagnostic(failure.message, at: argument.location)
        }
    }

    private func invoke(_ builtin: Builtin, callee: String, arguments: [EvaluatedArgument], at location: SourceLocation) throws -> Value {
        let values = try bind(arguments, to: builtin.parameters, callee: callee, at: location)
        let bound = Arguments(callee: callee, names: builtin.parameters.map(\.name), values: values)
        do {
            let result = try builtin.body(bound, makeCallContext(callee: builtin.name, at: location))
            lastCallIsEffect = !builtin.returnsValue
            return result
        } catch let diagnostic as Diagnostic {
            throw diagnostic
        } catch let error as CallError {
            throw Diagnostic(error.message, at: location, notes: error.notes)
        } catch {
            throw Diagnostic(Interpreter.message(of: error), at: location)
        }
    }

    /// An engine error's one-line description, without a leading "error: " (the diagnostic adds its own).
    static func message(of error: any Error) -> String {
        let text = String(describing: error)
        return text.hasPrefix("error: ") ? String(text.dropFirst("error: ".count)) : text
    }
}
