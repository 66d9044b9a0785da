/// A lexical token with its position and the spacing around it, which decides how operators bind.
struct Token: Equatable {
    var kind: TokenKind
    var location: SourceLocation
    /// A line break comes between the previous token and this one.
    var newlineBefore = false
    var spaceBefore = false
    var spaceAfter = false
    /// The token's first scalar and the scalar after its last, as offsets into the cell's source.
    var offset = 0
    var endOffset = 0
}

enum TokenKind: Equatable {
    case identifier(String)
    case keyword(Keyword)
    case integer(Int)
    case double(Double)
    case string([StringSegment])
    case symbol(Punctuation)
    case end
}

/// A piece of a string literal: literal text or an interpolated expression's tokens (ending in `)` and `.end`).
enum StringSegment: Equatable {
    case text(String)
    case interpolation([Token])
}

enum Keyword: String, CaseIterable {
    case `let`, `var`, `if`, `else`, `for`, `in`, `true`, `false`, `nil`, `break`, `continue`
    case `func`, `return`, `while`, `repeat`, `switch`, `case`, `default`, `guard`
    // Swift keywords the cell language reserves and rejects with an explanation.
    case `class`, `struct`, `enum`, `protocol`, `extension`, `import`, `fallthrough`
    case `defer`, `do`, `try`, `throw`, `init`, `self`, `inout`

    var isSupported: Bool {
        switch self {
        case .class, .struct, .enum, .protocol, .extension, .import, .fallthrough, .defer, .do, .try, .throw,
             .`init`, .self, .inout:
            return false
        default:
            return true
        }
    }
}

enum Punctuation: String, CaseIterable {
    case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]", leftBrace = "{", rightBrace = "}"
    case comma = ",", colon = ":", semicolon = ";", dot = ".", question = "?", arrow = "->"
    case assign = "=", plusAssign = "+=", minusAssign = "-=", timesAssign = "*=", divideAssign = "/=", remainderAssign = "%="
    case plus = "+", minus = "-", times = "*", divide = "/", remainder = "%"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and = "&&", or = "||", not = "!", halfOpenRange = "..<", closedRange = "...", nilCoalescing = "??"

    /// Longest first, so the lexer takes `..<` before `.` and `==` before `=`, each with its spelling's scalars.
    static let byLength: [(punctuation: Punctuation, scalars: [Unicode.Scalar])] = allCases
        .sorted { $0.rawValue.count > $1.rawValue.count }
        .map { ($0, Array($0.rawValue.unicodeScalars)) }
}

extension TokenKind {
    /// How the token reads in an error message.
    var quoted: String {
        switch self {
        case .identifier(let name): return "'\(name)'"
        case .keyword(let keyword): return "'\(keyword.rawValue)'"
        case .integer(let value): return "'\(value)'"
        case .double(let value): return "'\(value)'"
        case .string: return "string literal"
        case .symbol(let punctuation): return "'\(punctuation.rawValue)'"
        case .end: return "end of cell"
        }
    }
}
