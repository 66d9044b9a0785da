/// String literals: escapes, interpolation, and `"""` multi-line strings.
extension Lexer {
    mutating func lexString(at start: SourceLocation) throws -> TokenKind {
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
    mutating func lexStringCharacter(_ scalar: Unicode.Scalar, into text: inout String,
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
            interpolationDepth += 1
            defer { interpolationDepth -= 1 }
            if interpolationDepth > Parser.maximumNesting {
                throw Diagnostic("string interpolations are nested too deeply (more than \(Parser.maximumNesting) levels)",
                                 at: escapeStart)
            }
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
    mutating func lexMultilineString(at start: SourceLocation) throws -> TokenKind {
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
    func findClosingDelimiter() -> (Int, [Unicode.Scalar])? {
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
