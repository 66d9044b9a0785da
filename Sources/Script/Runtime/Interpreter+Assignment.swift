extension Interpreter {
    /// Assigns to a variable or to an element of one (`xs[0] = v`, `d["k"] = v`, `d["k"] = nil` removes),
    /// checking the type the variable or element must keep.
    func assign(_ value: Value, to target: Expression, valueLocation: SourceLocation) throws {
        try mutate(target, method: nil) { slot, type, describe in
            do {
                slot = try value.converted(to: type)
            } catch {
                var notes: [String] = []
                if case .identifier(let name) = target.kind, type == .int, case .double = value {
                    notes.append("declare it as 'var \(name): Double = ...' to hold Doubles")
                }
                throw Diagnostic("cannot assign value of type '\(value.typeName)' to \(describe) of type '\(type)'",
                                 at: valueLocation, notes: notes)
            }
        }
    }

    /// `xs.append(x)` or, with `contentsOf`, `xs.append(contentsOf: ys)`, in place.
    func append(_ values: [Value], to target: Expression, at location: SourceLocation) throws {
        try mutate(target, method: "append") { slot, type, _ in
            guard case .array(var elements) = slot else {
                throw Diagnostic("value of type '\(slot.typeName)' has no method 'append'", at: location)
            }
            let elementType = Interpreter.elementType(of: type)
            var converted: [Value] = []
            converted.reserveCapacity(values.count)
            for value in values {
                do { converted.append(try value.converted(to: elementType)) } catch {
                    throw Diagnostic("cannot append a value of type '\(value.typeName)' to an array of '\(elementType)'", at: location)
                }
            }
            try checkSize(Double(elements.count + converted.count) * Double(MemoryLayout<Value>.stride), of: "Array",
                          at: location)
            slot = .null
            elements.append(contentsOf: converted)
            slot = .array(elements)
        }
    }

    /// Runs `body` on the storage `target` names, in place so that growing an array in a loop stays
    /// linear. `body` gets the slot, the type it must keep, and words naming it for errors.
    /// Indices are evaluated before the variable is taken out, so `xs[xs.count - 1] = 0` works.
    private func mutate(_ target: Expression, method: String?,
                        _ body: (inout Value, ScriptType, String) throws -> Void) throws {
        switch target.kind {
        case .identifier(let name):
            guard let (scope, binding) = locateWithoutValue(name) else {
                throw Diagnostic("cannot find '\(name)' in scope\(SpellingSuggestion.hint(for: name, among: visibleNames()))",
                                 at: target.location)
            }
            guard binding.isMutable else {
                let message = method.map { "cannot use mutating member '\($0)' on immutable value: '\(name)' is a 'let' constant" }
                    ?? "cannot assign to value: '\(name)' is a 'let' constant"
                throw Diagnostic(message, at: target.location, notes: ["change 'let' to 'var' at \(binding.location) to make it mutable"])
            }
            var value = takeValue(of: name, in: scope)
            defer { setValue(value, of: name, in: scope) }
            try body(&value, binding.type, "'\(name)'")
        case let .subscripting(base, indexExpression):
            let index = try evaluate(indexExpression)
            try mutate(base, method: method) { container, containerType, _ in
                if case .array(var elements) = container, case .int(let position) = index {
                    guard elements.indices.contains(position) else {
                        throw Diagnostic("index \(position) out of range (valid indices: \(Interpreter.validIndices(elements.count)))",
                                         at: indexExpression.location)
                    }
                    container = .null
                    defer { container = .array(elements) }
                    try body(&elements[position], Interpreter.elementType(of: containerType), "an element")
                } else if case .dictionary(var dictionary) = container {
                    container = .null
                    defer { container = .dictionary(dictionary) }
                    try dictionary.updateValue(forKey: index) { slot in
                        try body(&slot, Interpreter.valueType(of: containerType), "an entry")
                    }
                } else {
                    throw Diagnostic("cannot assign through a subscript of a value of type '\(container.typeName)' with an index of type '\(index.typeName)'",
                                     at: target.location)
                }
            }
        default:
            let message = method.map { "cannot use mutating member '\($0)' on a value that is not a variable" }
                ?? "cannot assign to this expression"
            throw Diagnostic(message, at: target.startLocation)
        }
    }

    /// The binding for `name`, its value left out so the stored one stays uniquely referenced, and the
    /// block scope holding it (nil for a global).
    private func locateWithoutValue(_ name: String) -> (Int?, Binding)? {
        func metadata(_ binding: Binding) -> Binding {
            Binding(value: .null, isMutable: binding.isMutable, type: binding.type, location: binding.location)
        }
        for index in scopes.indices.reversed() {
            if let binding = scopes[index][name] { return (index, metadata(binding)) }
        }
        return globals[name].map { (nil, metadata($0)) }
    }

    /// Moves a variable's value out of storage, leaving nil, so mutating it does not copy it.
    private func takeValue(of name: String, in scope: Int?) -> Value {
        var value = Value.null
        if let scope {
            if let index = scopes[scope].index(forKey: name) { swap(&value, &scopes[scope].values[index].value) }
        } else if let index = globals.index(forKey: name) {
            swap(&value, &globals.values[index].value)
        }
        return value
    }

    private func setValue(_ value: Value, of name: String, in scope: Int?) {
        if let scope {
            scopes[scope][name]?.value = value
        } else {
            globals[name]?.value = value
        }
    }

    /// What an element of a container of `type` must be (`Any` when the container is untyped).
    static func elementType(of type: ScriptType) -> ScriptType {
        switch type {
        case .array(let element): return element
        case .optional(let wrapped): return elementType(of: wrapped)
        default: return .any
        }
    }

    static func valueType(of type: ScriptType) -> ScriptType {
        switch type {
        case .dictionary(_, let value): return .optional(value)
        case .optional(let wrapped): return valueType(of: wrapped)
        default: return .any
        }
    }
}
