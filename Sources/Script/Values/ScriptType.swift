/// A type a binding or a builtin parameter accepts; values are checked and converted against it.
public indirect enum ScriptType: Hashable, Sendable, CustomStringConvertible {
    case any
    case int
    /// Accepts Int too, converting it: `train(lr: 1)` passes 1.0.
    case double
    case string
    case bool
    case array(ScriptType)
    case dictionary(key: ScriptType, value: ScriptType)
    /// The wrapped type or `nil`.
    case optional(ScriptType)
    /// A host object whose `typeName` is this name.
    case object(String)
    /// One of several implicit members, each with its own labelled arguments.
    case oneOf([SymbolSignature])

    public var description: String {
        switch self {
        case .any: return "Any"
        case .int: return "Int"
        case .double: return "Double"
        case .string: return "String"
        case .bool: return "Bool"
        case .array(let element): return "[\(element)]"
        case let .dictionary(key, value): return "[\(key): \(value)]"
        case .optional(let wrapped): return "\(wrapped)?"
        case .object(let name): return name
        case .oneOf(let cases): return cases.map(\.description).joined(separator: " or ")
        }
    }

    /// The types a cell may name in annotations, besides host object type names.
    static let namedTypes: [String: ScriptType] = [
        "Any": .any, "Int": .int, "Double": .double, "String": .string, "Bool": .bool,
    ]
}

/// One implicit member a builtin accepts, such as `.lora(rank: Int, alpha: Double = 32)`.
public struct SymbolSignature: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var parameters: [Parameter]

    public init(_ name: String, parameters: [Parameter] = []) {
        self.name = name
        self.parameters = parameters
    }

    public var description: String {
        parameters.isEmpty ? ".\(name)" : ".\(name)(\(parameters.map { "\($0.label ?? "_"):" }.joined()))"
    }
}
