/// An expression in a cell, with the position error messages point at.
public struct Expression: Hashable, Sendable {
    public var kind: Kind
    public var location: SourceLocation

    public indirect enum Kind: Hashable, Sendable {
        case integer(Int)
        case double(Double)
        case string([StringPart])
        case bool(Bool)
        case null
        case array([Expression])
        case dictionary([DictionaryEntry])
        case identifier(String)
        /// `.full` or `.lora(rank: 4)`: a symbol the receiving builtin validates.
        case implicitMember(String, arguments: [Argument])
        case member(Expression, name: String)
        case subscripting(Expression, index: Expression)
        case call(Expression, arguments: [Argument])
        case unary(UnaryOperator, Expression)
        case binary(BinaryOperator, Expression, Expression)
        case ternary(Expression, then: Expression, else: Expression)
        case range(Expression, Expression, closed: Bool)
        /// `(a, b)`: a tuple, which evaluates to an array of its elements (`.0`, `.1` read them).
        case tuple([Expression])
        /// `{ x in x * 2 }`, `{ $0 + $1 }`: a function value.
        case closure(Function)
    }
}

/// Literal text or an interpolated `\(expression)`.
public enum StringPart: Hashable, Sendable {
    case text(String)
    case interpolation(Expression)
}

public struct DictionaryEntry: Hashable, Sendable {
    public var key: Expression
    public var value: Expression
}

/// A call argument: `rank: 4` or an unlabelled `x`; `location` is the label's, else the value's.
public struct Argument: Hashable, Sendable {
    public var label: String?
    public var value: Expression
    public var location: SourceLocation
    /// Written after the call's parentheses: `xs.map { $0 * 2 }`.
    public var isTrailingClosure = false
}

public enum UnaryOperator: String, Hashable, Sendable {
    case negate = "-"
    case not = "!"
}

public enum BinaryOperator: String, Hashable, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and = "&&", or = "||", nilCoalescing = "??"
}

extension Expression {
    /// Where the expression's text begins (an operator expression's `location` is its operator's).
    public var startLocation: SourceLocation {
        switch kind {
        case let .binary(_, left, _), let .range(left, _, _), let .ternary(left, _, _): return left.startLocation
        case let .member(base, _), let .subscripting(base, _), let .call(base, _): return base.startLocation
        default: return location
        }
    }
}
