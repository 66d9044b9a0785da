extension BuiltinRegistry {
    /// The language's own functions: `show`, `print`, the conversions `Int`, `Double`, `String`,
    /// and `min`, `max`, `abs`. Hosts register their builtins on top.
    public static var standard: BuiltinRegistry {
        var registry = BuiltinRegistry()
        registry.register(Builtin("show", parameters: [.unlabeled("value", .any)],
                                  summary: "Displays a value under the cell.", returnsValue: false) { arguments, context in
            context.display(arguments.values[0])
            return .null
        })
        registry.register(Builtin("print", parameters: [.unlabeled("value", .any)],
                                  summary: "Displays a value as plain text under the cell.", returnsValue: false) { arguments, context in
            context.display(.string(arguments.values[0].description))
            return .null
        })
        registry.register(Builtin("Int", parameters: [.unlabeled("value", .any)],
                                  summary: "Converts a Double (truncating) or a String (nil when not a number) to Int.") { arguments, _ in
            try StandardLibrary.integer(from: arguments.values[0])
        })
        registry.register(Builtin("Double", parameters: [.unlabeled("value", .any)],
                                  summary: "Converts an Int or a String (nil when not a number) to Double.") { arguments, _ in
            switch arguments.values[0] {
            case .int(let value): return .double(Double(value))
            case .double: return arguments.values[0]
            case .string(let text): return Double(text).map { .double($0) } ?? .null
            case let other: throw CallError("cannot convert a value of type '\(other.typeName)' to Double")
            }
        })
        registry.register(Builtin("String", parameters: [.unlabeled("value", .any)],
                                  summary: "The value as text, as show prints it.") { arguments, _ in
            .string(arguments.values[0].description)
        })
        for name in ["min", "max"] {
            registry.register(Builtin(name, parameters: [.unlabeled("a", .any), .unlabeled("b", .any)],
                                      summary: "The \(name == "min" ? "smaller" : "larger") of two numbers or strings.") { arguments, _ in
                let (a, b) = (arguments.values[0], arguments.values[1])
                guard let order = Operators.ordering(a, b), order != Operators.unordered else {
                    throw CallError("\(name)(_:_:) cannot compare values of type '\(a.typeName)' and '\(b.typeName)'")
                }
                let pickA = name == "min" ? order <= 0 : order >= 0
                let picked = pickA ? a : b
                if case .int = picked, a.numericValue != nil, case .double = (pickA ? b : a) {
                    return .double(picked.numericValue ?? 0)
                }
                return picked
            })
        }
        registry.register(Builtin("abs", parameters: [.unlabeled("value", .any)],
                                  summary: "The absolute value of a number.") { arguments, _ in
            switch arguments.values[0] {
            case .int(let value) where value != Int.min: return .int(abs(value))
            case .double(let value): return .double(abs(value))
            case let other: throw CallError("abs(_:) needs a number that fits, got '\(other.description)' of type '\(other.typeName)'")
            }
        })
        registry.register(Builtin("fatalError", parameters: [.unlabeled("message", .string, default: .string(""))],
                                  summary: "Stops the cell with an error saying the message, as Swift's fatalError does "
                                  + "(a 'guard' at a cell's top level leaves with it).", returnsValue: false) { arguments, _ in
            guard case .string(let message) = arguments.values[0], !message.isEmpty else { throw CallError("fatal error") }
            throw CallError("fatal error: \(message)")
        })
        return registry
    }
}

enum StandardLibrary {
    static func integer(from value: Value) throws -> Value {
        switch value {
        case .int: return value
        case .double(let number):
            guard number.isFinite, let integer = Int(exactly: number.rounded(.towardZero)) else {
                throw CallError("\(number) cannot be converted to Int")
            }
            return .int(integer)
        case .string(let text): return Int(text).map { .int($0) } ?? .null
        default: throw CallError("cannot convert a value of type '\(value.typeName)' to Int")
        }
    }
}
