/// Why a value does not fit a type, in words that finish "argument 'x' of f(...) ...".
struct TypeMismatch: Error {
    var message: String
    /// True when `message` is a whole sentence that needs no "argument 'x' of f(...)" in front.
    var isComplete = false
    /// For an implicit member, which of its own arguments is wrong.
    var symbolArgumentIndex: Int?
}

extension Value {
    /// This value converted to `type` (Int to Double, elementwise in collections, symbols bound to
    /// their signature with defaults filled in), or a `TypeMismatch` saying why it does not fit.
    func converted(to type: ScriptType) throws(TypeMismatch) -> Value {
        switch (type, self) {
        case (.any, _): return self
        case (.int, .int), (.double, .double), (.string, .string), (.bool, .bool): return self
        case (.double, .int(let value)): return .double(Double(value))
        case (.optional, .null): return self
        case (.optional(let wrapped), _): return try converted(to: wrapped)
        case (.array(let element), .array(let values)):
            var result: [Value] = []
            result.reserveCapacity(values.count)
            for (index, value) in values.enumerated() {
                do { result.append(try value.converted(to: element)) } catch {
                    throw TypeMismatch(message: "expects \(type), got \(typeName) (element \(index) is \(value.typeName))")
                }
            }
            return .array(result)
        case let (.dictionary(keyType, valueType), .dictionary(dictionary)):
            var result = ScriptDictionary()
            for (key, value) in dictionary.pairs {
                do { result[try key.converted(to: keyType)] = try value.converted(to: valueType) } catch {
                    throw TypeMismatch(message: "expects \(type), got \(typeName)")
                }
            }
            return .dictionary(result)
        case (.object(let name), .object(let object)) where object.typeName == name: return self
        case (.oneOf(let cases), .symbol(let symbol)): return .symbol(try symbol.bound(to: cases))
        default:
            throw TypeMismatch(message: "expects \(type), got \(typeName)")
        }
    }
}

extension Symbol {
    /// Checks the symbol against the accepted cases and returns it with every argument labelled and defaulted.
    func bound(to cases: [SymbolSignature]) throws(TypeMismatch) -> Symbol {
        guard let signature = cases.first(where: { $0.name == name }) else {
            let hint = SpellingSuggestion.hint(for: name, among: cases.map(\.name), prefix: ".")
            throw TypeMismatch(message: "expects \(ScriptType.oneOf(cases)), got '.\(name)'\(hint)")
        }
        let binding = ArgumentBinding.bind(arguments, to: signature.parameters, callee: ".\(name)(...)")
        switch binding {
        case .success(let values):
            return Symbol(name, arguments: zip(signature.parameters, values).map { LabeledValue(label: $0.0.label, value: $0.1) })
        case .failure(let failure):
            throw TypeMismatch(message: failure.message, isComplete: true, symbolArgumentIndex: failure.argumentIndex)
        }
    }
}
