extension Value: CustomStringConvertible {
    /// How `show`, `print` and interpolation render the value, as Swift prints it: strings bare at the
    /// top level and quoted inside collections.
    public var description: String { text(quoted: false) }

    private func text(quoted: Bool) -> String {
        switch self {
        case .int(let value): return String(value)
        case .double(let value): return value.description
        case .string(let value): return quoted ? Value.swiftQuoted(value) : value
        case .bool(let value): return value ? "true" : "false"
        case .null: return "nil"
        case .array(let elements): return "[" + elements.map { $0.text(quoted: true) }.joined(separator: ", ") + "]"
        case .dictionary(let dictionary):
            if dictionary.isEmpty { return "[:]" }
            return "[" + dictionary.pairs.map { "\($0.key.text(quoted: true)): \($0.value.text(quoted: true))" }
                .joined(separator: ", ") + "]"
        case .symbol(let symbol):
            if symbol.arguments.isEmpty { return ".\(symbol.name)" }
            let arguments = symbol.arguments.map { argument in
                (argument.label.map { "\($0): " } ?? "") + argument.value.text(quoted: true)
            }
            return ".\(symbol.name)(\(arguments.joined(separator: ", ")))"
        case .object(let object): return object.summary
        }
    }

    private static func swiftQuoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// A canonical, JSON-compatible serialisation for content hashing: equal values give equal text and
    /// different values different text. Plain JSON for numbers, strings, Bools, nil and arrays; every
    /// other case is a one-key-tagged object (`{"dictionary":[[k,v],...]}`, `{"symbol":...}`,
    /// `{"object":...}`, `{"double":"nan"}`), so no two cases collide.
    public var fingerprint: String {
        var output = ""
        writeFingerprint(into: &output)
        return output
    }

    private func writeFingerprint(into output: inout String) {
        switch self {
        case .int(let value):
            output += String(value)
        case .double(let value):
            if value.isFinite {
                let text = value.description
                output += text.contains(".") || text.contains("e") ? text : text + ".0"
            } else {
                output += "{\"double\":\"\(value.isNaN ? "nan" : value > 0 ? "inf" : "-inf")\"}"
            }
        case .string(let value):
            Value.writeJSONString(value, into: &output)
        case .bool(let value):
            output += value ? "true" : "false"
        case .null:
            output += "null"
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                element.writeFingerprint(into: &output)
            }
            output += "]"
        case .dictionary(let dictionary):
            output += "{\"dictionary\":["
            for (index, pair) in dictionary.pairs.enumerated() {
                output += index > 0 ? ",[" : "["
                pair.key.writeFingerprint(into: &output)
                output += ","
                pair.value.writeFingerprint(into: &output)
                output += "]"
            }
            output += "]}"
        case .symbol(let symbol):
            output += "{\"symbol\":"
            Value.writeJSONString(symbol.name, into: &output)
            output += ",\"arguments\":["
            for (index, argument) in symbol.arguments.enumerated() {
                output += index > 0 ? ",[" : "["
                Value.writeJSONString(argument.label ?? "_", into: &output)
                output += ","
                argument.value.writeFingerprint(into: &output)
                output += "]"
            }
            output += "]}"
        case .object(let object):
            output += "{\"object\":"
            Value.writeJSONString(object.typeName, into: &output)
            output += ",\"fingerprint\":"
            Value.writeJSONString(object.fingerprint, into: &output)
            output += "}"
        }
    }

    private static func writeJSONString(_ text: String, into output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
