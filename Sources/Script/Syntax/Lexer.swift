/// Turns a cell's source into tokens, reporting positions in notebook coordinates.
struct Lexer {
    private let scalars: [Unicode.Scalar]
    private let origin: SourceLocation
    private var index = 0
    private var line = 0
    private var column = 1

    /// `origin` is where the source's first character sits in the notebook; every line starts at its column.
    init(source: String, origin: SourceLocation) {
        self.scalars = Array(source.unicodeScalars)
        self.origin = origin
    }

    /// All tokens, ending with `.end`.
    mutating func tokenize() throws -> [Token] {
        try lexTokens(insideStringAt: nil)
    }

    private var location: SourceLocation {
        SourceLocation(file: origin.file, line: origin.line + line, column: origin.column + column - 1)
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private mutating func advance() {
        if scalars[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    /// Lexes up to the end, or, inside a string interpolation, up to its closing parenthesis.
    private mutating func lexTokens(insideStringAt stringStart: SourceLocation?) throws -> [Token] {
        var tokens: [Token] = []
        var depth = 0
        while true {
            let (newline, space) = try skipTrivia(insideStringAt: stringStart)
            let start = location
            var token = Token(kind: .end, location: start, newlineBefore: newline, spaceBefore: space || newline)
            guard let scalar = peek() else {
                if let stringStart { throw Diagnostic("unterminated string literal", at: stringStart) }
                tokens.append(token)
                break
            }
            if stringStart != nil, scalar == ")" {
                if depth == 0 {
                    advance()
                    token.kind = .symbol(.rightParen)
                    tokens.append(token)
                    tokens.append(Token(kind: .end, location: location))
                    break
                }
                depth -= 1
            } else if stringStart != nil, scalar == "(" {
                depth += 1
            }
            token.kind = try lexToken(startingWith: scalar, at: start)
            tokens.append(token)
        }
        for position in tokens.indices.dropLast() {
            tokens[position].spaceAfter = tokens[position + 1].spaceBefore
        }
        return tokens
    }

    /// Skips spaces, line breaks and comments; says whether a line break or any space was skipped.
    private mutating func skipTrivia(insideStringAt stringStart: SourceLocation?) throws -> (newline: Bool, space: Bool) {
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
    private mutating func skipBlockComment() throws {
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

    private mutating func lexToken(startingWith scalar: Unicode.Scalar, at start: SourceLocation) throws -> TokenKind {
        if scalar == "\"" { return try lexString(at: start) }
        if scalar.properties.numericType == .decimal, scalar.isASCII { return try lexNumber(at: start) }
        if scalar == "_" || scalar.properties.isXIDStart { return lexWord() }
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

    private func matches(_ spelling: [Unicode.Scalar]) -> Bool {
        guard index + spelling.count <= scalars.count else { return false }
        for offset in spelling.indices where scalars[index + offset] != spelling[offset] { return false }
        return true
    }

    private mutating func lexWord() -> TokenKind {
        var word = ""
        while let scalar = peek(), scalar == "_" || scalar.properties.isXIDContinue {
            word.unicodeScalars.append(scalar)
            advance()
        }
        if let keyword = Keyword(rawValue: word) { return .keyword(keyword) }
        return .identifier(word)
    }

    private mutating func lexNumber(at start: SourceLocation) throws -> TokenKind {
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
    private mutating func consumeDigits(radix: Int) -> String {
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

    private func rejectTrailingLetters(in kind: String) throws {
        if let scalar = peek(), scalar == "_" || scalar.properties.isXIDContinue {
            throw Diagnostic("'\(scalar)' is not a valid digit in \(kind) literal", at: location)
        }
    }

    private mutating func lexString(at start: SourceLocation) throws -> TokenKind {
        if matches(["\"", "\"", "\""]) { return try lexMultilineString(at: start) }
        advance()
        var segments: [StringSegment] = []
        var text = ""
        while true {
            guard let scalar = peek(), scalar != "\n" else { throw Diagnostic("unterminated string literal", at: start) }
            if scalar == "\"" {
                advance()
                break
            }
            try lexStringCharacter(scalar, into: &text, segments: &segments, stringStart: start)
        }
        if !text.isEmpty || segments.isEmpty { segments.append(.text(text)) }
        return .string(segments)
    }

    /// One character of string content: plain, an escape, or an interpolation.
    private mutating func lexStringCharacter(_ scalar: Unicode.Scalar, into text: inout String,
                                             segments: inout [StringSegment], stringStart: SourceLocation) throws {
        guard scalar == "\\" else {
            text.unicodeScalars.append(scalar)
            advance()
            return
        }
        let escapeStart = location
        advance()
        guard let next = peek() else { throw Diagnostic("unterminated string literal", at: stringStart) }
        advance()
        switch next {
        case "(":
            if !text.isEmpty { segments.append(.text(text)) }
            text = ""
            segments.append(.interpolation(try lexTokens(insideStringAt: stringStart)))
        case "n": text += "\n"
        case "t": text += "\t"
        case "r": text += "\r"
        case "0": text += "\0"
        case "\\": text += "\\"
        case "\"": text += "\""
        case "'": text += "'"
        case "u":
            guard peek() == "{" else { throw Diagnostic("expected '{' in \\u{...} escape", at: location) }
            advance()
            let digits = consumeDigits(radix: 16)
            guard peek() == "}", (1...8).contains(digits.count), let code = UInt32(digits, radix: 16),
                  let unicode = Unicode.Scalar(code)
            else { throw Diagnostic("invalid unicode scalar in \\u{...} escape", at: escapeStart) }
            advance()
            text.unicodeScalars.append(unicode)
        default:
            throw Diagnostic("invalid escape sequence '\\\(next)' in string literal", at: escapeStart)
        }
    }

    /// A `"""` string: content starts on the next line, and the closing delimiter's indentation is
    /// removed from every line, as in Swift.
    private mutating func lexMultilineString(at start: SourceLocation) throws -> TokenKind {
        for _ in 0..<3 { advance() }
        while let scalar = peek(), scalar == " " || scalar == "\t" || scalar == "\r" { advance() }
        guard let scalar = peek() else { throw Diagnostic("unterminated string literal", at: start) }
        guard scalar == "\n" else {
            throw Diagnostic("multi-line string literal content must begin on a new line", at: location)
        }
        advance()
        guard let (closingLine, indentation) = findClosingDelimiter() else {
            throw Diagnostic("unterminated string literal", at: start)
        }
        var segments: [StringSegment] = []
        var text = ""
        while index < closingLine {
            let lineStart = index
            while let scalar = peek(), scalar == " " || scalar == "\t" || scalar == "\r" { advance() }
            if peek() == "\n" {
                text += "\n"
                advance()
                continue
            }
            let indented = Array(scalars[lineStart..<index])
            guard indented.starts(with: indentation) else {
                throw Diagnostic("insufficient indentation of line in multi-line string literal",
                                 at: SourceLocation(file: origin.file, line: origin.line + line, column: origin.column),
                                 notes: ["every line must start with the closing '\"\"\"' line's indentation"])
            }
            text.unicodeScalars.append(contentsOf: indented[indentation.count...])
            var continues = false
            while let scalar = peek(), scalar != "\n" {
                if scalar == "\\", peek(1) == "\n" {
                    advance()
                    continues = true
                    break
                }
                try lexStringCharacter(scalar, into: &text, segments: &segments, stringStart: start)
            }
            if peek() == "\n" {
                if !continues { text += "\n" }
                advance()
            }
        }
        if text.hasSuffix("\n") { text.removeLast() }
        while let scalar = peek(), scalar == " " || scalar == "\t" { advance() }
        for _ in 0..<3 { advance() }
        if !text.isEmpty || segments.isEmpty { segments.append(.text(text)) }
        return .string(segments)
    }

    /// The start of the line holding the closing `"""` and that line's indentation.
    private func findClosingDelimiter() -> (Int, [Unicode.Scalar])? {
        var position = index
        while position < scalars.count {
            var cursor = position
            while cursor < scalars.count, scalars[cursor] == " " || scalars[cursor] == "\t" { cursor += 1 }
            if cursor + 2 < scalars.count, scalars[cursor] == "\"", scalars[cursor + 1] == "\"", scalars[cursor + 2] == "\"" {
                return (position, Array(scalars[position..<cursor]))
            }
            while position < scalars.count, scalars[position] != "\n" { position += 1 }
            position += 1
        }
        return nil
    }
}
