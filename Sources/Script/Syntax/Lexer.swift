/// Turns a cell's source into tokens, reporting positions in notebook coordinates.
struct Lexer {
    let scalars: [Unicode.Scalar]
    let origin: SourceLocation
    var index = 0
    var line = 0
    var column = 1
    /// Open string interpolations around the current position; bounded like the parser's nesting.
    var interpolationDepth = 0

    /// `origin` is where the source's first character sits in the notebook; every line starts at its column.
    init(source: String, origin: SourceLocation) {
        self.scalars = Array(source.unicodeScalars)
        self.origin = origin
    }

    /// All tokens, ending with `.end`.
    mutating func tokenize() throws -> [Token] {
        try lexTokens(insideStringAt: nil)
    }

    var location: SourceLocation {
        SourceLocation(file: origin.file, line: origin.line + line, column: origin.column + column - 1)
    }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    mutating func advance() {
        if scalars[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    /// Lexes up to the end, or, inside a string interpolation, up to its closing parenthesis.
    mutating func lexTokens(insideStringAt stringStart: SourceLocation?) throws -> [Token] {
        var tokens: [Token] = []
        var depth = 0
        while true {
            let (newline, space) = try skipTrivia(insideStringAt: stringStart)
            let start = location
            var token = Token(kind: .end, location: start, newlineBefore: newline, spaceBefore: space || newline,
                              offset: index, endOffset: index)
            guard let scalar = peek() else {
                if let stringStart { throw Diagnostic("unterminated string literal", at: stringStart) }
                tokens.append(token)
                break
            }
            if stringStart != nil, scalar == ")" {
                if depth == 0 {
                    advance()
                    token.kind = .symbol(.rightParen)
                    token.endOffset = index
                    tokens.append(token)
                    tokens.append(Token(kind: .end, location: location, offset: index, endOffset: index))
                    break
                }
                depth -= 1
            } else if stringStart != nil, scalar == "(" {
                depth += 1
            }
            token.kind = try lexToken(startingWith: scalar, at: start)
            token.endOffset = index
            tokens.append(token)
        }
        for position in tokens.indices.dropLast() {
            tokens[position].spaceAfter = tokens[position + 1].spaceBefore
        }
        return tokens
    }

    /// Skips spaces, line breaks and comments; says whether a line break or any space was skipped.
    mutating func skipTrivia(insideStringAt stringStart: SourceLocation?) throws -> (newline: Bool, space: Bool) {
        var newline = false
        var space = false
        while let scalar = peek() {
            if scalar == "\n" {
                if let stringStart { throw Diagnostic("unterminated string literal", at: stringStart) }
                newline = true
                advance()
            } else if scalar == " " || scalar == "\t" || scalar == "\r" {
                space = true
                advance()
            } else if scalar == "/", peek(1) == "/" {
                while let next = peek(), next != "\n" { advance() }
                space = true
            } else if scalar == "/", peek(1) == "*" {
                try skipBlockComment()
                space = true
            } else {
                break
            }
        }
        return (newline, space)
    }

    /// Skips a `/* */` comment; like Swift, comments nest.
    mutating func skipBlockComment() throws {
        let start = location
        var depth = 0
        repeat {
            guard let scalar = peek() else { throw Diagnostic("unterminated '/*' comment", at: start) }
            if scalar == "/", peek(1) == "*" {
                depth += 1
                advance()
            } else if scalar == "*", peek(1) == "/" {
                depth -= 1
                advance()
            }
            advance()
        } while depth > 0
    }

    mutating func lexToken(startingWith scalar: Unicode.Scalar, at start: SourceLocation) throws -> TokenKind {
        if scalar == "\"" { return try lexString(at: start) }
        if scalar.properties.numericType == .decimal, scalar.isASCII { return try lexNumber(at: start) }
        if scalar == "_" || scalar.properties.isXIDStart { return lexWord() }
        if scalar == "$" { return try lexShorthandArgument(at: start) }
        for (punctuation, spelling) in Punctuation.byLength where matches(spelling) {
            for _ in spelling { advance() }
            return .symbol(punctuation)
        }
        let hint: String
        switch scalar {
        case "&": hint = "; use '&&' for logical and"
        case "|": hint = "; use '||' for logical or"
        case "'": hint = "; strings use double quotes"
        default: hint = ""
        }
        throw Diagnostic("unexpected character '\(scalar)' in cell\(hint)", at: start)
    }

    func matches(_ spelling: [Unicode.Scalar]) -> Bool {
        guard index + spelling.count <= scalars.count else { return false }
        for offset in spelling.indices where scalars[index + offset] != spelling[offset] { return false }
        return true
    }

    mutating func lexWord() -> TokenKind {
        var word = ""
        while let scalar = peek(), scalar == "_" || scalar.properties.isXIDContinue {
            word.unicodeScalars.append(scalar)
            advance()
        }
        if let keyword = Keyword(rawValue: word) { return .keyword(keyword) }
        return .identifier(word)
    }

    /// `$0`, `$1`, ...: a closure's anonymous arguments.
    mutating func lexShorthandArgument(at start: SourceLocation) throws -> TokenKind {
        advance()
        var digits = ""
        while let scalar = peek(), scalar.isASCII, scalar.properties.numericType == .decimal {
            digits.unicodeScalars.append(scalar)
            advance()
        }
        guard !digits.isEmpty, digits.count < 4 else {
            throw Diagnostic("expected a number after '$' (anonymous closure arguments are $0, $1, ...)", at: start)
        }
        try rejectTrailingLetters(in: "an anonymous closure argument")
        return .identifier("$" + String(Int(digits) ?? 0))
    }

    mutating func lexNumber(at start: SourceLocation) throws -> TokenKind {
        if peek() == "0", let prefix = peek(1), let radix = ["x": 16, "o": 8, "b": 2][String(prefix)] {
            advance()
            advance()
            let digits = consumeDigits(radix: radix)
            guard !digits.isEmpty else { throw Diagnostic("expected a digit after '0\(prefix)'", at: location) }
            try rejectTrailingLetters(in: "integer")
            guard let value = Int(digits, radix: radix) else {
                throw Diagnostic("integer literal '0\(prefix)\(digits)' overflows Int", at: start)
            }
            return .integer(value)
        }
        var text = consumeDigits(radix: 10)
        var isDouble = false
        if peek() == ".", let next = peek(1), next.isASCII, next.properties.numericType == .decimal {
            advance()
            text += "." + consumeDigits(radix: 10)
            isDouble = true
        }
        if peek() == "e" || peek() == "E" {
            advance()
            text += "e"
            if let sign = peek(), sign == "+" || sign == "-" {
                text.unicodeScalars.append(sign)
                advance()
            }
            let exponent = consumeDigits(radix: 10)
            guard !exponent.isEmpty else { throw Diagnostic("expected a digit in floating point exponent", at: location) }
            text += exponent
            isDouble = true
        }
        try rejectTrailingLetters(in: isDouble ? "floating point" : "integer")
        if isDouble {
            guard let value = Double(text) else { throw Diagnostic("invalid floating point literal '\(text)'", at: start) }
            return .double(value)
        }
        guard let value = Int(text) else { throw Diagnostic("integer literal '\(text)' overflows Int", at: start) }
        return .integer(value)
    }

    /// Digits in `radix`, with Swift's `_` separators dropped.
    mutating func consumeDigits(radix: Int) -> String {
        var digits = ""
        while let scalar = peek() {
            if scalar == "_", !digits.isEmpty {
                advance()
            } else if scalar.isASCII, let value = Int(String(scalar), radix: 16), value < radix {
                digits.unicodeScalars.append(scalar)
                advance()
            } else {
                break
            }
        }
        return digits
    }

    func rejectTrailingLetters(in kind: String) throws {
        if let scalar = peek(), scalar == "_" || scalar.properties.isXIDContinue {
            throw Diagnostic("'\(scalar)' is not a valid digit in \(kind) literal", at: location)
        }
    }
}
