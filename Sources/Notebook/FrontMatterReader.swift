/// Reads the YAML subset lorabook accepts in front matter, strictly: `key: scalar`, quoted strings,
/// flow lists `[a, b]`, block lists (`- item`), and one level of nested maps. Anything else is an error.
struct FrontMatterReader {
    /// The front matter's lines (between the `---` fences) and the file line number of the first one.
    let lines: [[Character]]
    let firstLine: Int

    init(lines: [String], firstLine: Int) {
        self.lines = lines.map(Array.init)
        self.firstLine = firstLine
    }

    func read() throws(LocatedProblem) -> FrontMatter {
        var entries: [FrontMatterEntry] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let indent = try indentation(of: line, at: index)
            if isBlankOrComment(line, from: indent) {
                index += 1
                continue
            }
            if indent > 0 {
                throw problem(at: index, column: indent + 1, "unexpected indentation; nested values belong under a `key:` line")
            }
            let (key, valueStart) = try readKey(line, from: 0, at: index)
            if entries.contains(where: { $0.key == key }) {
                throw problem(at: index, column: 1, "duplicate key '\(key)'")
            }
            let position = SourcePosition(line: firstLine + index, column: 1)
            if let inline = try readInlineValue(line, from: valueStart, at: index) {
                entries.append(FrontMatterEntry(key: key, value: inline, position: position))
                index += 1
                continue
            }
            let (value, next) = try readBlock(after: index, parentIndent: 0, allowMaps: true)
            entries.append(FrontMatterEntry(key: key, value: value, position: position))
            index = next
        }
        return FrontMatter(entries: entries)
    }

    /// Reads the nested list or map under the `key:` line at `keyIndex`; returns it and the next line to read.
    private func readBlock(after keyIndex: Int, parentIndent: Int, allowMaps: Bool) throws(LocatedProblem)
        -> (FrontMatterValue, Int) {
        var index = keyIndex + 1
        var items: [String] = []
        var entries: [FrontMatterEntry] = []
        var blockIndent: Int?
        while index < lines.count {
            let line = lines[index]
            let indent = try indentation(of: line, at: index)
            if isBlankOrComment(line, from: indent) {
                index += 1
                continue
            }
            let isItem = line[indent] == "-" && (indent + 1 == line.count || line[indent + 1] == " ")
            // A block list may sit at its key's own indentation, as YAML allows.
            let belongs = indent > parentIndent || (indent == parentIndent && isItem && entries.isEmpty)
            if !belongs { break }
            if let expected = blockIndent, indent != expected {
                throw problem(at: index, column: indent + 1, "inconsistent indentation: expected \(expected) spaces")
            }
            blockIndent = indent
            if isItem {
                if !entries.isEmpty { throw problem(at: index, column: indent + 1, "a list item cannot follow map entries") }
                let start = skipSpaces(line, from: indent + 1)
                guard start < line.count, !isComment(line, at: start) else {
                    throw problem(at: index, column: indent + 1, "empty list item")
                }
                if line[start] == "[" || line[start] == "-" {
                    throw problem(at: index, column: start + 1, "nested lists are not supported")
                }
                let (text, end) = try readScalar(line, from: start, at: index, inFlow: false)
                try expectEnd(line, from: end, at: index)
                items.append(text)
            } else {
                if !items.isEmpty { throw problem(at: index, column: indent + 1, "a map entry cannot follow list items") }
                guard allowMaps else {
                    throw problem(at: index, column: indent + 1, "maps nested more than one level deep are not supported")
                }
                let (key, valueStart) = try readKey(line, from: indent, at: index)
                if entries.contains(where: { $0.key == key }) {
                    throw problem(at: index, column: indent + 1, "duplicate key '\(key)'")
                }
                let position = SourcePosition(line: firstLine + index, column: indent + 1)
                if let inline = try readInlineValue(line, from: valueStart, at: index) {
                    entries.append(FrontMatterEntry(key: key, value: inline, position: position))
                    index += 1
                    continue
                }
                let (value, next) = try readBlock(after: index, parentIndent: indent, allowMaps: false)
                if case .map = value {
                    throw problem(at: index, column: indent + 1, "maps nested more than one level deep are not supported")
                }
                entries.append(FrontMatterEntry(key: key, value: value, position: position))
                index = next
                continue
            }
            index += 1
        }
        if !entries.isEmpty { return (.map(entries), index) }
        if !items.isEmpty { return (.list(items), index) }
        return (.scalar(""), index)
    }

    private func indentation(of line: [Character], at index: Int) throws(LocatedProblem) -> Int {
        var count = 0
        while count < line.count, line[count] == " " || line[count] == "\t" {
            if line[count] == "\t" { throw problem(at: index, column: count + 1, "tabs are not allowed in indentation") }
            count += 1
        }
        return count
    }

    private func readKey(_ line: [Character], from start: Int, at index: Int) throws(LocatedProblem) -> (String, Int) {
        var end = start
        while end < line.count, line[end].isLetter || line[end].isNumber || "_-.".contains(line[end]) { end += 1 }
        guard end > start, line[start].isLetter || line[start] == "_" else {
            throw problem(at: index, column: start + 1, "expected a key (letters, digits, '_', '-', '.') followed by ':'")
        }
        guard end < line.count, line[end] == ":" else {
            throw problem(at: index, column: end + 1, "expected ':' after key '\(String(line[start..<end]))'")
        }
        let afterColon = end + 1
        if afterColon < line.count, line[afterColon] != " " {
            throw problem(at: index, column: afterColon + 1, "expected a space after ':'")
        }
        return (String(line[start..<end]), afterColon)
    }

    /// The value written on the key's own line, or `nil` when the line ends after the colon.
    private func readInlineValue(_ line: [Character], from start: Int, at index: Int) throws(LocatedProblem)
        -> FrontMatterValue? {
        let valueStart = skipSpaces(line, from: start)
        if valueStart >= line.count || isComment(line, at: valueStart) { return nil }
        if line[valueStart] == "[" {
            let (items, end) = try readFlowList(line, from: valueStart, at: index)
            try expectEnd(line, from: end, at: index)
            return .list(items)
        }
        let (text, end) = try readScalar(line, from: valueStart, at: index, inFlow: false)
        try expectEnd(line, from: end, at: index)
        return .scalar(text)
    }

    private func readFlowList(_ line: [Character], from start: Int, at index: Int) throws(LocatedProblem) -> ([String], Int) {
        var items: [String] = []
        var cursor = skipSpaces(line, from: start + 1)
        if cursor < line.count, line[cursor] == "]" { return (items, cursor + 1) }
        while true {
            guard cursor < line.count else { throw problem(at: index, column: start + 1, "unterminated list: missing ']'") }
            if line[cursor] == "[" || line[cursor] == "{" {
                throw problem(at: index, column: cursor + 1, "nested collections are not supported")
            }
            let (text, end) = try readScalar(line, from: cursor, at: index, inFlow: true)
            items.append(text)
            cursor = skipSpaces(line, from: end)
            guard cursor < line.count else { throw problem(at: index, column: start + 1, "unterminated list: missing ']'") }
            if line[cursor] == "]" { return (items, cursor + 1) }
            guard line[cursor] == "," else { throw problem(at: index, column: cursor + 1, "expected ',' or ']' in list") }
            cursor = skipSpaces(line, from: cursor + 1)
        }
    }

    /// Reads a quoted or plain scalar starting at `start`; returns its text and the index after it.
    private func readScalar(_ line: [Character], from start: Int, at index: Int, inFlow: Bool) throws(LocatedProblem)
        -> (String, Int) {
        switch line[start] {
        case "\"": return try readDoubleQuoted(line, from: start, at: index)
        case "'": return try readSingleQuoted(line, from: start, at: index)
        case "{", "&", "*", "!", "|", ">", "%", "@", "`":
            throw problem(at: index, column: start + 1,
                          "'\(line[start])' starts a YAML feature lorabook does not support; quote the value")
        default:
            var end = start
            while end < line.count {
                if inFlow, line[end] == "," || line[end] == "]" { break }
                if line[end] == "#", end > start, line[end - 1] == " " { break }
                if line[end] == ":", end + 1 == line.count || line[end + 1] == " " {
                    throw problem(at: index, column: end + 1, "': ' inside a plain value; quote the value")
                }
                end += 1
            }
            var text = String(line[start..<end])
            while text.last == " " { text.removeLast() }
            return (text, end)
        }
    }

    private func readDoubleQuoted(_ line: [Character], from start: Int, at index: Int) throws(LocatedProblem) -> (String, Int) {
        var text = ""
        var cursor = start + 1
        while cursor < line.count {
            let character = line[cursor]
            if character == "\"" { return (text, cursor + 1) }
            if character == "\\" {
                guard cursor + 1 < line.count else { break }
                let escaped = line[cursor + 1]
                switch escaped {
                case "\"", "\\", "/": text.append(escaped)
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "u":
                    let digits = line.count >= cursor + 6 ? String(line[(cursor + 2)..<(cursor + 6)]) : ""
                    guard let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else {
                        throw problem(at: index, column: cursor + 1, "'\\u' must be followed by four hex digits")
                    }
                    text.unicodeScalars.append(scalar)
                    cursor += 6
                    continue
                default:
                    throw problem(at: index, column: cursor + 1, "unknown escape '\\\(escaped)' in quoted string")
                }
                cursor += 2
                continue
            }
            text.append(character)
            cursor += 1
        }
        throw problem(at: index, column: start + 1, "unterminated quoted string")
    }

    private func readSingleQuoted(_ line: [Character], from start: Int, at index: Int) throws(LocatedProblem) -> (String, Int) {
        var text = ""
        var cursor = start + 1
        while cursor < line.count {
            if line[cursor] == "'" {
                if cursor + 1 < line.count, line[cursor + 1] == "'" {
                    text.append("'")
                    cursor += 2
                    continue
                }
                return (text, cursor + 1)
            }
            text.append(line[cursor])
            cursor += 1
        }
        throw problem(at: index, column: start + 1, "unterminated quoted string")
    }

    private func expectEnd(_ line: [Character], from start: Int, at index: Int) throws(LocatedProblem) {
        let cursor = skipSpaces(line, from: start)
        if cursor < line.count, !isComment(line, at: cursor) {
            throw problem(at: index, column: cursor + 1, "unexpected text after the value")
        }
    }

    private func skipSpaces(_ line: [Character], from start: Int) -> Int {
        var cursor = start
        while cursor < line.count, line[cursor] == " " { cursor += 1 }
        return cursor
    }

    private func isComment(_ line: [Character], at cursor: Int) -> Bool {
        line[cursor] == "#" && (cursor == 0 || line[cursor - 1] == " ")
    }

    private func isBlankOrComment(_ line: [Character], from indent: Int) -> Bool {
        indent >= line.count || isComment(line, at: indent)
    }

    private func problem(at index: Int, column: Int, _ message: String) -> LocatedProblem {
        LocatedProblem(position: SourcePosition(line: firstLine + index, column: column), message: message)
    }
}
