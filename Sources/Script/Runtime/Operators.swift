/// Why an operator cannot apply to its operands.
struct OperatorError: Error {
    var message: String
    var notes: [String] = []
}

/// The arithmetic and comparison operators. Int with Int stays Int (division truncates, as in Swift);
/// an Int meeting a Double is promoted to Double, so `epochs * 0.5` just works.
enum Operators {
    static func apply(_ operation: BinaryOperator, _ left: Value, _ right: Value) throws(OperatorError) -> Value {
        switch operation {
        case .add:
            switch (left, right) {
            case let (.string(a), .string(b)): return .string(a + b)
            case let (.array(a), .array(b)): return .array(a + b)
            default: return try arithmetic(operation, left, right)
            }
        case .subtract, .multiply, .divide, .remainder:
            return try arithmetic(operation, left, right)
        case .equal: return .bool(equal(left, right))
        case .notEqual: return .bool(!equal(left, right))
        case .less, .lessEqual, .greater, .greaterEqual:
            return .bool(try compare(operation, left, right))
        case .and, .or, .nilCoalescing:
            throw OperatorError(message: "operator '\(operation.rawValue)' needs short-circuit evaluation")
        }
    }

    private static func arithmetic(_ operation: BinaryOperator, _ left: Value, _ right: Value) throws(OperatorError) -> Value {
        if case let .int(a) = left, case let .int(b) = right {
            let result: (partialValue: Int, overflow: Bool)
            switch operation {
            case .add: result = a.addingReportingOverflow(b)
            case .subtract: result = a.subtractingReportingOverflow(b)
            case .multiply: result = a.multipliedReportingOverflow(by: b)
            case .divide, .remainder:
                guard b != 0 else { throw OperatorError(message: "division by zero") }
                result = operation == .divide ? a.dividedReportingOverflow(by: b) : a.remainderReportingOverflow(dividingBy: b)
            default: throw mismatch(operation, left, right)
            }
            guard !result.overflow else {
                throw OperatorError(message: "arithmetic overflow: \(a) \(operation.rawValue) \(b) does not fit in an Int")
            }
            return .int(result.partialValue)
        }
        guard let a = left.numericValue, let b = right.numericValue else { throw mismatch(operation, left, right) }
        switch operation {
        case .add: return .double(a + b)
        case .subtract: return .double(a - b)
        case .multiply: return .double(a * b)
        case .divide:
            guard b != 0 else { throw OperatorError(message: "division by zero") }
            return .double(a / b)
        case .remainder:
            guard b != 0 else { throw OperatorError(message: "division by zero") }
            return .double(a.truncatingRemainder(dividingBy: b))
        default: throw mismatch(operation, left, right)
        }
    }

    /// Equality as scripts see it: numbers compare by value across Int and Double.
    static func equal(_ left: Value, _ right: Value) -> Bool {
        switch (left, right) {
        case let (.int(a), .double(b)), let (.double(b), .int(a)): return Double(a) == b
        case let (.double(a), .double(b)): return a == b
        default: return left == right
        }
    }

    private static func compare(_ operation: BinaryOperator, _ left: Value, _ right: Value) throws(OperatorError) -> Bool {
        guard let order = ordering(left, right) else { throw mismatch(operation, left, right) }
        if order == unordered { return false }
        switch operation {
        case .less: return order < 0
        case .lessEqual: return order <= 0
        case .greater: return order > 0
        default: return order >= 0
        }
    }

    /// The ordering of a NaN against anything: every comparison is false, as in Swift.
    static let unordered = 2

    /// -1, 0 or 1 for two numbers or two strings, `unordered` when a NaN is involved, nil when they do not compare.
    static func ordering(_ left: Value, _ right: Value) -> Int? {
        if case let .int(a) = left, case let .int(b) = right { return a < b ? -1 : a == b ? 0 : 1 }
        if case let .string(a) = left, case let .string(b) = right { return a < b ? -1 : a == b ? 0 : 1 }
        guard let a = left.numericValue, let b = right.numericValue else { return nil }
        if a.isNaN || b.isNaN { return unordered }
        return a < b ? -1 : a == b ? 0 : 1
    }

    static func negate(_ value: Value) throws(OperatorError) -> Value {
        switch value {
        case .int(let a):
            guard a != Int.min else { throw OperatorError(message: "arithmetic overflow: -(\(a)) does not fit in an Int") }
            return .int(-a)
        case .double(let a): return .double(-a)
        default: throw OperatorError(message: "unary operator '-' cannot be applied to an operand of type '\(value.typeName)'")
        }
    }

    static func mismatch(_ operation: BinaryOperator, _ left: Value, _ right: Value) -> OperatorError {
        var notes: [String] = []
        if operation == .add, case .string = left {
            notes.append("to put a value in a string, interpolate it: \"...\\(value)\"")
        } else if operation == .add, case .string = right {
            notes.append("to put a value in a string, interpolate it: \"\\(value)...\"")
        }
        return OperatorError(
            message: "binary operator '\(operation.rawValue)' cannot be applied to operands of type '\(left.typeName)' and '\(right.typeName)'",
            notes: notes)
    }
}
