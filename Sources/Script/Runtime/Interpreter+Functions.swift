/// Functions and closures: making them, calling them, and the array methods that take them.
extension Interpreter {
    /// The deepest chain of nested calls (recursion) a cell may make; the stack check below may stop it sooner.
    static let maximumCallDepth = 1_000

    /// A function value for a declaration or closure made here: it records the open block scopes and
    /// copies the block-scoped variables its body reads.
    func makeFunction(_ function: Function) -> ScriptFunction {
        var parameters = Set(function.parameters.map(\.name))
        if let name = function.name { parameters.insert(name) }
        let freeNames = CellDependencies.freeNames(of: function.body, parameters: parameters, builtins: Set(builtins.names))
        var captured: [String: Binding] = [:]
        for name in freeNames {
            for scope in scopes.reversed() {
                if var binding = scope[name] {
                    binding.isMutable = false
                    captured[name] = binding
                    break
                }
            }
        }
        return ScriptFunction(function, scopeIDs: scopeIDs, captured: captured, freeNames: freeNames, interpreter: self)
    }

    /// `func name(...)`: binds the name to a function value (a constant).
    func declare(_ function: Function, at location: SourceLocation) throws {
        guard let name = function.name else { return }
        try checkDeclarable(name, at: function.location)
        // Bound before it is made, so a local function sees itself (recursion) through its captured scopes.
        bind(name, to: Binding(value: .null, isMutable: false, type: .any, location: function.location))
        let value = Value.object(makeFunction(function))
        if scopes.isEmpty { globals[name]?.value = value } else { scopes[scopes.count - 1][name]?.value = value }
    }

    /// Calls a function with labelled arguments as written at a call site: `f(x: 1, 2)` or `f(xs) { $0 }`.
    func call(_ function: ScriptFunction, labeled arguments: [LabeledValue], trailing: [Bool],
              at location: SourceLocation, argumentLocations: [SourceLocation]) throws -> Value {
        let declared = function.declaration.parameters
        var arguments = arguments
        // A trailing closure goes to the next function-typed parameter after the ones already given.
        var nextParameter = trailing.firstIndex(of: true) ?? arguments.count
        for index in arguments.indices where trailing[index] && arguments[index].label == nil {
            if let target = declared.indices.dropFirst(nextParameter).first(where: { declared[$0].type == .object(ScriptFunction.typeName) }) {
                arguments[index].label = declared[target].label
                nextParameter = target + 1
            }
        }
        let pending = Value.symbol(Symbol(Interpreter.pendingDefault))
        let parameters = declared.map { parameter -> Parameter in
            var bound = Parameter(parameter.label ?? parameter.name, parameter.type,
                                  default: parameter.defaultValue == nil ? nil : pending)
            bound.label = parameter.label
            return bound
        }
        let callee = function.declaration.name.map { "\($0)(...)" } ?? "closure"
        var values: [Value]
        switch ArgumentBinding.bind(arguments, to: parameters, callee: callee) {
        case .success(let bound):
            values = bound
        case .failure(let failure):
            let place = failure.argumentIndex.flatMap { argumentLocations.indices.contains($0) ? argumentLocations[$0] : nil }
            throw Diagnostic(failure.message, at: place ?? location)
        }
        for index in values.indices where values[index] == pending {
            if let defaultExpression = declared[index].defaultValue {
                values[index] = try convert(try evaluate(defaultExpression), to: declared[index].type,
                                            what: "default value of '\(declared[index].name)'", at: defaultExpression.startLocation)
            }
        }
        return try invoke(function, with: values, at: location)
    }

    /// The marker for a parameter left to its default, replaced by the default expression's value.
    static let pendingDefault = "\u{0}default"

    /// Calls a function value with positional arguments, as `map` and `sorted(by:)` do. A closure of n
    /// parameters given one tuple of n elements takes them apart: `dictionary.map { key, value in ... }`.
    func call(_ function: ScriptFunction, positional: [Value], by caller: String, at location: SourceLocation) throws -> Value {
        let parameters = function.declaration.parameters
        var arguments = positional
        if parameters.count > 1, arguments.count == 1, case .array(let parts) = arguments[0], parts.count == parameters.count {
            arguments = parts
        }
        guard arguments.count == parameters.count else {
            let takes = parameters.count == 1 ? "1 argument" : "\(parameters.count) arguments"
            throw Diagnostic("\(caller) passes \(arguments.count) argument\(arguments.count == 1 ? "" : "s") to a "
                             + "\(function.callName) that takes \(takes)\(parameters.isEmpty ? " (use $0 in it)" : "")",
                             at: location)
        }
        var values: [Value] = []
        for (parameter, argument) in zip(parameters, arguments) {
            values.append(try convert(argument, to: parameter.type, what: "argument '\(parameter.name)' of \(function.callName)",
                                      at: location))
        }
        return try invoke(function, with: values, at: location)
    }

    private func convert(_ value: Value, to type: ScriptType, what: String, at location: SourceLocation) throws -> Value {
        do { return try value.converted(to: type) } catch {
            throw Diagnostic("\(what) expects \(type), got \(value.typeName)", at: location)
        }
    }

    /// Runs the body with the parameters bound. While the block scopes the function was made in are still
    /// open, it shares them (so `forEach { total += $0 }` updates a local `total`); after they closed, it sees
    /// the copies it made.
    private func invoke(_ function: ScriptFunction, with values: [Value], at location: SourceLocation) throws -> Value {
        callDepth += 1
        defer { callDepth -= 1 }
        if callDepth > Interpreter.maximumCallDepth
            || stackFloor.map({ StackGuard.currentDepthMarker() < $0 }) ?? false {
            throw Diagnostic("\(function.callName) recursed too deeply (more than \(callDepth - 1) nested calls); "
                             + "check its base case", at: location)
        }
        try checkBudget(at: location)
        let declaration = function.declaration
        let live = scopeIDs.starts(with: function.scopeIDs)
        let kept = live ? function.scopeIDs.count : 0
        let outerScopes = Array(scopes[kept...])
        let outerIDs = Array(scopeIDs[kept...])
        scopes.removeLast(scopes.count - kept)
        scopeIDs.removeLast(scopeIDs.count - kept)
        if !live { pushScope(function.captured) }
        defer {
            scopes.removeLast(scopes.count - kept)
            scopeIDs.removeLast(scopeIDs.count - kept)
            scopes += outerScopes
            scopeIDs += outerIDs
        }
        var frame: [String: Binding] = [:]
        for (parameter, value) in zip(declaration.parameters, values) where parameter.name != "_" {
            frame[parameter.name] = Binding(value: value, isMutable: false, type: parameter.type, location: declaration.location)
        }
        pushScope(frame)
        var result = Value.null
        var returned = false
        if declaration.body.count == 1, case .expression(let expression) = declaration.body[0].kind {
            lastCallIsEffect = false
            result = try evaluate(expression)
            returned = !(declaration.returnType == nil && lastCallIsEffect && result == .null)
        } else if case .returned(let value) = try executeBlock(declaration.body) {
            result = value
            returned = true
        }
        lastCallIsEffect = declaration.returnType == nil && !returned
        guard let returnType = declaration.returnType else { return result }
        guard returned else {
            throw Diagnostic("missing return in \(function.callName), which is declared to return '\(returnType)'",
                             at: declaration.location)
        }
        return try convert(result, to: returnType, what: "the return value of \(function.callName)", at: location)
    }

    // MARK: Methods that take a function

    static let functionMethods: Set<String> = [
        "map", "filter", "compactMap", "forEach", "reduce", "sorted", "allSatisfy", "contains", "first", "firstIndex",
    ]

    /// `xs.map { ... }` and the like on an array (or a dictionary's (key, value) pairs), or nil when the
    /// call passes no function (so `xs.sorted()` and `xs.contains(3)` take the plain methods).
    func functionMethod(_ name: String, of base: Value, arguments: [LabeledValue], trailing: [Bool],
                        at location: SourceLocation) throws -> Value? {
        guard Interpreter.functionMethods.contains(name), let functionIndex = arguments.lastIndex(where: {
            if case .object(let object) = $0.value { return object is ScriptFunction }
            return false
        }), case .object(let object) = arguments[functionIndex].value, let function = object as? ScriptFunction else {
            return nil
        }
        let elements: [Value]
        switch base {
        case .array(let values): elements = values
        case .dictionary(let dictionary): elements = dictionary.pairs.map { .array([$0.key, $0.value]) }
        default: return nil
        }
        let expectedLabel: String? = ["sorted": "by", "contains": "where", "first": "where", "firstIndex": "where"][name]
        let expectedCount = name == "reduce" ? 2 : 1
        let label = arguments[functionIndex].label
        let signature = name == "reduce" ? "reduce(_:_:)" : "\(name)(\(expectedLabel ?? "_"):)"
        guard arguments.count == expectedCount, functionIndex == expectedCount - 1,
              label == expectedLabel || (label == nil && trailing[functionIndex]),
              name != "reduce" || arguments[0].label == nil else {
            throw Diagnostic("\(signature) takes \(name == "reduce" ? "an initial value and a closure" : "one closure")"
                             + (expectedLabel.map { " labelled '\($0):' (or written after the call)" } ?? ""), at: location)
        }
        let caller = "\(name)"
        func apply(_ values: Value...) throws -> Value { try call(function, positional: values, by: caller, at: location) }
        func test(_ value: Value) throws -> Bool {
            let result = try apply(value)
            guard case .bool(let flag) = result else {
                throw Diagnostic("the closure of \(signature) must return a Bool, got a value of type '\(result.typeName)'",
                                 at: location)
            }
            return flag
        }
        lastCallIsEffect = false
        switch name {
        case "map", "compactMap":
            var results: [Value] = []
            for element in elements {
                let value = try apply(element)
                if name == "map" || value != .null { results.append(value) }
            }
            let result = Value.array(results)
            try checkSize(of: result, at: location)
            return result
        case "filter":
            if case .dictionary = base {
                return .dictionary(ScriptDictionary(try elements.filter(test).compactMap { pair in
                    guard case .array(let parts) = pair, parts.count == 2 else { return nil }
                    return (key: parts[0], value: parts[1])
                }))
            }
            return .array(try elements.filter(test))
        case "forEach":
            for element in elements { _ = try apply(element) }
            lastCallIsEffect = true
            return .null
        case "reduce":
            var accumulator = arguments[0].value
            for element in elements { accumulator = try apply(accumulator, element) }
            return accumulator
        case "sorted":
            return .array(try elements.sorted { left, right in
                let result = try apply(left, right)
                guard case .bool(let ordered) = result else {
                    throw Diagnostic("the closure of sorted(by:) must return a Bool, got a value of type '\(result.typeName)'",
                                     at: location)
                }
                return ordered
            })
        case "allSatisfy":
            return .bool(try elements.allSatisfy(test))
        case "contains":
            return .bool(try elements.contains(where: test))
        case "first":
            return try elements.first(where: test) ?? .null
        default:
            return try elements.firstIndex(where: test).map { .int($0) } ?? .null
        }
    }
}
