/// A value in the cell language: plain data, an implicit-member symbol, or a host object.
public enum Value: Hashable, Sendable {
    case int(Int)
    case double(Double)
    case string(String)
    case bool(Bool)
    case null
    case array([Value])
    case dictionary(ScriptDictionary)
    case symbol(Symbol)
    case object(any ScriptObject)

    /// Structural equality; doubles compare by value (NaN equals NaN), objects by identity.
    public static func == (lhs: Value, rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case let (.int(a), .int(b)): return a == b
        case let (.double(a), .double(b)): return a == b || (a.isNaN && b.isNaN)
        case let (.string(a), .string(b)): return a == b
        case let (.bool(a), .bool(b)): return a == b
        case (.null, .null): return true
        case let (.array(a), .array(b)): return a == b
        case let (.dictionary(a), .dictionary(b)): return a == b
        case let (.symbol(a), .symbol(b)): return a == b
        case let (.object(a), .object(b)): return a === b
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .int(let value): hasher.combine(0); hasher.combine(value)
        case .double(let value): hasher.combine(1); hasher.combine(value.isNaN ? Double.nan.bitPattern : (value == 0 ? 0 : value.bitPattern))
        case .string(let value): hasher.combine(2); hasher.combine(value)
        case .bool(let value): hasher.combine(3); hasher.combine(value)
        case .null: hasher.combine(4)
        case .array(let value): hasher.combine(5); hasher.combine(value)
        case .dictionary(let value): hasher.combine(6); hasher.combine(value)
        case .symbol(let value): hasher.combine(7); hasher.combine(value)
        case .object(let value): hasher.combine(8); hasher.combine(ObjectIdentifier(value))
        }
    }

    /// The Swift-style name of the value's type, used in error messages: `Int`, `[Double]`, `TrainingRun`.
    public var typeName: String {
        switch self {
        case .int: return "Int"
        case .double: return "Double"
        case .string: return "String"
        case .bool: return "Bool"
        case .null: return "nil"
        case .array(let elements): return "[\(Value.commonTypeName(elements))]"
        case .dictionary(let dictionary):
            return "[\(Value.commonTypeName(dictionary.keys)): \(Value.commonTypeName(dictionary.values))]"
        case .symbol(let symbol): return "'.\(symbol.name)'"
        case .object(let object): return object.typeName
        }
    }

    private static func commonTypeName(_ values: [Value]) -> String {
        guard let first = values.first?.typeName else { return "Any" }
        return values.allSatisfy { $0.typeName == first } ? first : "Any"
    }

    /// An array or a dictionary.
    var isCollection: Bool {
        switch self {
        case .array, .dictionary: return true
        default: return false
        }
    }

    /// The number as a Double when the value is an Int or a Double.
    public var numericValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }
}
