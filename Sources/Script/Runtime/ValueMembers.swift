/// The properties and methods plain values offer, as in Swift: `xs.count`, `xs.last`, `name.uppercased()`.
enum ValueMembers {
    /// A property's value, or nil when the value has no such property.
    static func property(_ name: String, of value: Value) -> Value? {
        switch (value, name) {
        case let (.array(elements), "count"): return .int(elements.count)
        case let (.array(elements), "isEmpty"): return .bool(elements.isEmpty)
        case let (.array(elements), "first"): return elements.first ?? .null
        case let (.array(elements), "last"): return elements.last ?? .null
        case let (.array(elements), _) where name.first?.isNumber == true:
            // A tuple's element: `pair.0`.
            return Int(name).flatMap { elements.indices.contains($0) ? elements[$0] : nil }
        case let (.dictionary(dictionary), "count"): return .int(dictionary.count)
        case let (.dictionary(dictionary), "isEmpty"): return .bool(dictionary.isEmpty)
        case let (.dictionary(dictionary), "keys"): return .array(dictionary.keys)
        case let (.dictionary(dictionary), "values"): return .array(dictionary.values)
        case let (.string(text), "count"): return .int(text.count)
        case let (.string(text), "isEmpty"): return .bool(text.isEmpty)
        case let (.double(number), "isNaN"): return .bool(number.isNaN)
        case let (.double(number), "isFinite"): return .bool(number.isFinite)
        case let (.symbol(symbol), "name"): return .string(symbol.name)
        case let (.symbol(symbol), _): return symbol[name]
        default: return nil
        }
    }

    static func propertyNames(of value: Value) -> [String] {
        switch value {
        case .array: return ["count", "isEmpty", "first", "last"]
        case .dictionary: return ["count", "isEmpty", "keys", "values"]
        case .string: return ["count", "isEmpty"]
        case .double: return ["isNaN", "isFinite"]
        case .symbol(let symbol): return ["name"] + symbol.arguments.compactMap(\.label)
        default: return []
        }
    }

    /// A method of a plain value: its parameters (bound like a builtin's) and what it computes.
    struct Method {
        var parameters: [Parameter]
        var apply: ([Value]) throws(OperatorError) -> Value
    }

    static func method(_ name: String, of value: Value) -> Method? {
        switch value {
        case .array(let elements): return arrayMethod(name, elements)
        case .string(let text): return stringMethod(name, text)
        case .int, .double: return numberMethod(name, value)
        default: return nil
        }
    }

    static func methodNames(of value: Value) -> [String] {
        switch value {
        case .array: return ["allSatisfy", "append", "compactMap", "contains", "enumerated", "filter", "first", "firstIndex",
                             "forEach", "joined", "map", "max", "min", "reduce", "reversed", "sorted"]
        case .dictionary: return ["filter", "forEach", "map", "sorted"]
        case .string: return ["contains", "hasPrefix", "hasSuffix", "lowercased", "split", "uppercased"]
        case .int, .double: return ["formatted", "rounded"]
        default: return []
        }
    }

    private static func arrayMethod(_ name: String, _ elements: [Value]) -> Method? {
        switch name {
        case "enumerated":
            return Method(parameters: []) { _ in .array(elements.enumerated().map { .array([.int($0.offset), $0.element]) }) }
        case "reversed":
            return Method(parameters: []) { _ in .array(elements.reversed()) }
        case "sorted":
            return Method(parameters: []) { _ throws(OperatorError) in .array(try sorted(elements)) }
        case "min", "max":
            return Method(parameters: []) { _ throws(OperatorError) in
                let ordered = try sorted(elements)
                return (name == "min" ? ordered.first : ordered.last) ?? .null
            }
        case "contains":
            return Method(parameters: [.unlabeled("element", .any)]) { arguments in
                .bool(elements.contains { Operators.equal($0, arguments[0]) })
            }
        case "firstIndex":
            return Method(parameters: [Parameter("of", .any)]) { arguments in
                elements.firstIndex { Operators.equal($0, arguments[0]) }.map { .int($0) } ?? .null
            }
        case "joined":
            return Method(parameters: [Parameter("separator", .string, default: .string(""))]) { arguments throws(OperatorError) in
                var strings: [String] = []
                for element in elements {
                    guard case .string(let text) = element else {
                        throw OperatorError(message: "joined(separator:) needs an array of String, found an element of type '\(element.typeName)'")
                    }
                    strings.append(text)
                }
                guard case .string(let separator) = arguments[0] else { return .string(strings.joined()) }
                return .string(strings.joined(separator: separator))
            }
        default:
            return nil
        }
    }

    /// Sorts numbers or strings ascending; mixed or unordered elements are an error.
    private static func sorted(_ elements: [Value]) throws(OperatorError) -> [Value] {
        for element in elements.dropFirst() {
            guard let order = Operators.ordering(elements[0], element), order != Operators.unordered else {
                throw OperatorError(message: "cannot order values of type '\(elements[0].typeName)' and '\(element.typeName)'")
            }
        }
        return elements.sorted { (Operators.ordering($0, $1) ?? 0) < 0 }
    }

    private static func stringMethod(_ name: String, _ text: String) -> Method? {
        switch name {
        case "uppercased": return Method(parameters: []) { _ in .string(text.uppercased()) }
        case "lowercased": return Method(parameters: []) { _ in .string(text.lowercased()) }
        case "hasPrefix", "hasSuffix", "contains":
            return Method(parameters: [.unlabeled("other", .string)]) { arguments in
                guard case .string(let other) = arguments[0] else { return .bool(false) }
                switch name {
                case "hasPrefix": return .bool(text.hasPrefix(other))
                case "hasSuffix": return .bool(text.hasSuffix(other))
                default: return .bool(other.isEmpty || text.contains(other))
                }
            }
        case "split":
            return Method(parameters: [Parameter("separator", .string)]) { arguments throws(OperatorError) in
                guard case .string(let separator) = arguments[0], separator.count == 1, let character = separator.first else {
                    throw OperatorError(message: "split(separator:) needs a single-character separator")
                }
                return .array(text.split(separator: character).map { .string(String($0)) })
            }
        default:
            return nil
        }
    }

    private static func numberMethod(_ name: String, _ value: Value) -> Method? {
        guard let number = value.numericValue else { return nil }
        if name == "formatted" { return formattedMethod(value, number) }
        guard name == "rounded" else { return nil }
        return Method(parameters: [Parameter("toPlaces", .optional(.int), default: .null)]) { arguments throws(OperatorError) in
            guard case .int(let places) = arguments[0] else {
                if case .int = value { return value }
                return .double(number.rounded())
            }
            guard (0...15).contains(places) else {
                throw OperatorError(message: "rounded(toPlaces:) takes 0 to 15 places, got \(places)")
            }
            var scale = 1.0
            for _ in 0..<places { scale *= 10 }
            return .double((number * scale).rounded() / scale)
        }
    }

    /// `formatted(decimals:)`: the number as prose writes it, thousands grouped with commas (42,061; 1,208,576.5);
    /// an Int with no decimals, a Double with `decimals` places (default 4).
    private static func formattedMethod(_ value: Value, _ number: Double) -> Method {
        Method(parameters: [Parameter("decimals", .optional(.int), default: .null)]) { arguments throws(OperatorError) in
            var places = 4
            if case .int = value { places = 0 }
            if case .int(let requested) = arguments[0] { places = requested }
            guard (0...15).contains(places) else {
                throw OperatorError(message: "formatted(decimals:) takes 0 to 15 places, got \(places)")
            }
            guard number.isFinite else { return .string(number.isNaN ? "NaN" : (number < 0 ? "-inf" : "inf")) }
            let text = String(format: "%.\(places)f", number)
            let negative = text.hasPrefix("-")
            let parts = (negative ? String(text.dropFirst()) : text).split(separator: ".", maxSplits: 1)
            var digits = Array(parts[0])
            var grouped = ""
            while digits.count > 3 {
                grouped = "," + String(digits.suffix(3)) + grouped
                digits.removeLast(3)
            }
            grouped = String(digits) + grouped + (parts.count == 2 ? "." + parts[1] : "")
            return .string((negative && grouped.contains(where: { $0 != "0" && $0 != "." && $0 != "," }) ? "-" : "") + grouped)
        }
    }
}
