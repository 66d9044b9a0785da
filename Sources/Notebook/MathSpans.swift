/// A `$...$` or `$$...$$` formula found in prose, with its TeX source.
struct MathSpan: Equatable {
    var tex: String
    var display: Bool
}

/// Lifts formulas out of Markdown before cmark sees it, so `_` and `*` inside them are not read as emphasis.
/// Each formula becomes a private-use placeholder; lines a display formula spans become continuation
/// marks, so every line keeps its number. Code fences and code spans are left alone; `\$` is a dollar sign.
/// Inline math follows Pandoc's rule: `$` then a non-space, closed by a `$` after a non-space and not
/// followed by a digit (so "$5 and $10" stays text).
struct MathSpans {
    static let open: Character = "\u{F8F0}"
    static let close: Character = "\u{F8F1}"
    static let continuation: Character = "\u{F8F2}"

    private(set) var spans: [MathSpan] = []

    static func placeholder(_ index: Int) -> String { "\(open)\(index)\(close)" }

    /// Returns `lines` with formulas replaced by placeholders, recording the formulas in `spans`.
    mutating func extract(from originalLines: [String]) -> [String] {
        // The author's own private-use marks would be read as placeholders; they become U+FFFD.
        let lines = originalLines.map { line in
            line.contains(where: { $0 == Self.open || $0 == Self.close || $0 == Self.continuation })
                ? String(line.map { $0 == Self.open || $0 == Self.close || $0 == Self.continuation ? "\u{FFFD}" : $0 })
                : line
        }
        var output: [String] = []
        var fence: (marker: Character, length: Int)?
        var index = 0
        while index < lines.count {
            let line = Array(lines[index])
            if let open = fence {
                if Self.fenceRun(line).map({ $0.marker == open.marker && $0.length >= open.length && $0.rest.allSatisfy(\.isWhitespace) }) == true {
                    fence = nil
                }
                output.append(lines[index])
                index += 1
                continue
            }
            if let run = Self.fenceRun(line), !(run.marker == "`" && run.rest.contains("`")) {
                fence = (run.marker, run.length)
                output.append(lines[index])
                index += 1
                continue
            }
            var current = line
            var result = ""
            var cursor = 0
            while cursor < current.count {
                let character = current[cursor]
                if character == "\\", cursor + 1 < current.count {
                    result.append(character)
                    result.append(current[cursor + 1])
                    cursor += 2
                    continue
                }
                if character == "`" {
                    let end = Self.codeSpanEnd(current, from: cursor)
                    result += String(current[cursor..<end])
                    cursor = end
                    continue
                }
                guard character == "$" else {
                    result.append(character)
                    cursor += 1
                    continue
                }
                if cursor + 1 < current.count, current[cursor + 1] == "$" {
                    guard let (endLine, endColumn, tex) = findDisplayEnd(lines, line: index, from: cursor + 2) else {
                        result += "$$"
                        cursor += 2
                        continue
                    }
                    result += Self.placeholder(spans.count)
                    spans.append(MathSpan(tex: tex, display: true))
                    if endLine != index {
                        output.append(result)
                        for _ in (index + 1)..<endLine { output.append(String(Self.continuation)) }
                        index = endLine
                        current = Array(lines[endLine])
                        result = String(Self.continuation)
                    }
                    cursor = endColumn + 2
                    continue
                }
                if let end = Self.inlineEnd(current, from: cursor) {
                    result += Self.placeholder(spans.count)
                    spans.append(MathSpan(tex: String(current[(cursor + 1)..<end]), display: false))
                    cursor = end + 1
                    continue
                }
                result.append(character)
                cursor += 1
            }
            output.append(result)
            index += 1
        }
        return output
    }

    /// Puts the rendered formulas back into HTML that cmark produced from the extracted text.
    func restore(in html: String, render: (MathSpan) -> String) -> String {
        let text = html.replacingContinuations()
        guard text.contains(Self.open) else { return text }
        var result = ""
        var cursor = text.startIndex
        while let start = text[cursor...].firstIndex(of: Self.open) {
            result += text[cursor..<start]
            guard let end = text[start...].firstIndex(of: Self.close),
                  let number = Int(text[text.index(after: start)..<end]), spans.indices.contains(number) else {
                result.append(text[start])
                cursor = text.index(after: start)
                continue
            }
            result += render(spans[number])
            cursor = text.index(after: end)
        }
        result += text[cursor...]
        return result
    }

    /// A fence opener or closer: up to three spaces, then three or more backticks or tildes.
    private static func fenceRun(_ line: [Character]) -> (marker: Character, length: Int, rest: ArraySlice<Character>)? {
        var cursor = 0
        while cursor < line.count, cursor < 3, line[cursor] == " " { cursor += 1 }
        guard cursor < line.count, line[cursor] == "`" || line[cursor] == "~" else { return nil }
        let marker = line[cursor]
        var end = cursor
        while end < line.count, line[end] == marker { end += 1 }
        guard end - cursor >= 3 else { return nil }
        return (marker, end - cursor, line[end...])
    }

    /// The index after a code span that opens at `start`, or after the backtick run when it is not closed.
    private static func codeSpanEnd(_ line: [Character], from start: Int) -> Int {
        var runEnd = start
        while runEnd < line.count, line[runEnd] == "`" { runEnd += 1 }
        let length = runEnd - start
        var cursor = runEnd
        while cursor < line.count {
            guard line[cursor] == "`" else {
                cursor += 1
                continue
            }
            var closeEnd = cursor
            while closeEnd < line.count, line[closeEnd] == "`" { closeEnd += 1 }
            if closeEnd - cursor == length { return closeEnd }
            cursor = closeEnd
        }
        return runEnd
    }

    private static func inlineEnd(_ line: [Character], from start: Int) -> Int? {
        guard start + 1 < line.count, !line[start + 1].isWhitespace else { return nil }
        var cursor = start + 1
        while cursor < line.count {
            if line[cursor] == "\\" {
                cursor += 2
                continue
            }
            if line[cursor] == "$" {
                let closes = !line[cursor - 1].isWhitespace
                    && (cursor + 1 == line.count || !line[cursor + 1].isNumber)
                return closes && cursor > start + 1 ? cursor : nil
            }
            cursor += 1
        }
        return nil
    }

    /// Finds the `$$` closing a display formula opened on `line`, searching on until a blank line or a fence.
    private func findDisplayEnd(_ lines: [String], line: Int, from column: Int) -> (Int, Int, String)? {
        var tex = ""
        var lineIndex = line
        var start = column
        while lineIndex < lines.count {
            let characters = Array(lines[lineIndex])
            if lineIndex > line, characters.allSatisfy(\.isWhitespace) || Self.fenceRun(characters) != nil { return nil }
            var cursor = start
            while cursor + 1 < characters.count {
                if characters[cursor] == "\\" {
                    cursor += 2
                    continue
                }
                if characters[cursor] == "$", characters[cursor + 1] == "$" {
                    tex += String(characters[start..<cursor])
                    let trimmed = tex.trimmingWhitespace()
                    return trimmed.isEmpty ? nil : (lineIndex, cursor, trimmed)
                }
                cursor += 1
            }
            tex += String(characters[min(start, characters.count)...]) + "\n"
            lineIndex += 1
            start = 0
        }
        return nil
    }
}

extension String {
    fileprivate func replacingContinuations() -> String {
        guard contains(MathSpans.continuation) else { return self }
        var result = ""
        var pendingNewline = false
        for character in self {
            if character == "\n" {
                if pendingNewline { result.append("\n") }
                pendingNewline = true
                continue
            }
            if character == MathSpans.continuation {
                pendingNewline = false
                continue
            }
            if pendingNewline { result.append("\n") }
            pendingNewline = false
            result.append(character)
        }
        if pendingNewline { result.append("\n") }
        return result
    }

    func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
