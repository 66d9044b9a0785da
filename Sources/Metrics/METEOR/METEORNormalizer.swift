/// METEOR 1.5's `-norm` tokeniser for English: a Moses-style punctuation split with quote and dash
/// normalisation and non-breaking-prefix handling, followed by lowercasing.
/// Each rewrite reproduces one left-to-right, non-overlapping regex replacement of the original.
public struct METEORNormalizer: Sendable {
    /// How a non-breaking prefix keeps its dot: always, or only before a number.
    public enum PrefixKind: Sendable { case any, numericOnly }

    public let prefixes: [String: PrefixKind]

    public init(prefixes: [String: PrefixKind]) {
        self.prefixes = prefixes
    }

    /// The normalised, lowercased tokens of `line`.
    public func tokens(_ line: String) -> [String] {
        if Self.isPlain(line) { return Self.lowercased(Self.split(line)) }
        return Self.lowercased(Self.split(normalizedLine(line)))
    }

    /// Lines of ASCII letters, digits and blanks only are left unchanged by every rewrite.
    private static func isPlain(_ line: String) -> Bool {
        for byte in line.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), 0x20, 0x09, 0x0A, 0x0D, 0x0C:
                continue
            default:
                return false
            }
        }
        return true
    }

    /// Splits at the characters Java's `StringTokenizer` treats as delimiters by default.
    static func split(_ line: String) -> [String] {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" })
            .map(String.init)
    }

    private static func lowercased(_ words: [String]) -> [String] { words.map { $0.lowercased() } }

    /// The normalised line before lowercasing.
    func normalizedLine(_ line: String) -> String {
        var text: [Unicode.Scalar] = [" "] + Array(line.unicodeScalars) + [" "]
        text = Self.separateOtherSymbols(text)
        text = Self.escapeDotRuns(text)
        text = Self.rewriteTriples(text, first: { !Self.isDigit($0) }, middle: ",", last: { !Self.isDigit($0) }, keepMiddle: " , ")
        text = Self.rewriteTriples(text, first: Self.isDigit, middle: ",", last: { !Self.isDigit($0) }, keepMiddle: " , ")
        text = Self.rewriteTriples(text, first: { !Self.isDigit($0) }, middle: ",", last: Self.isDigit, keepMiddle: " , ")
        text = text.map { $0 == "`" || $0 == "\u{2018}" || $0 == "\u{2019}" ? "'" : $0 }
        text = Self.normalizeDoubleQuotes(text)
        text = Self.replaceLiteral(text, ["\u{2013}"], with: ["-"])
        text = Self.replaceLiteral(text, ["-", "-"], with: ["-"])
        text = Self.rewriteTriples(text, first: { Self.isAlphanumeric($0) || $0 == "." }, middle: "-", last: Self.isAlphanumeric, keepMiddle: " ")
        text = Self.rewriteTriples(text, first: { !Self.isAlpha($0) }, middle: "'", last: { !Self.isAlpha($0) }, keepMiddle: " ' ")
        text = Self.rewriteTriples(text, first: { !Self.isAlpha($0) && !Self.isDigit($0) }, middle: "'", last: Self.isAlpha, keepMiddle: " ' ")
        text = Self.rewriteTriples(text, first: Self.isAlpha, middle: "'", last: { !Self.isAlpha($0) }, keepMiddle: " ' ")
        text = Self.rewriteTriples(text, first: Self.isAlpha, middle: "'", last: Self.isAlpha, keepMiddle: " '")
        text = Self.rewriteTriples(text, first: Self.isDigit, middle: "'", last: { $0 == "s" }, keepMiddle: " '")
        var rebuilt = breakDots(in: String(scalars: text))
        while rebuilt.contains("DOTDOTMULTI") { rebuilt = rebuilt.replacingLiteral("DOTDOTMULTI", with: "DOTMULTI.") }
        rebuilt = rebuilt.replacingLiteral("DOTMULTI", with: ".")
        return Self.collapseSpaces(rebuilt)
    }

    /// Splits final dots off words unless the word is a non-breaking prefix or an abbreviation.
    private func breakDots(in line: String) -> String {
        let words = Self.split(line)
        var out = ""
        for (i, word) in words.enumerated() {
            let next: String? = i + 1 < words.count ? words[i + 1] : nil
            if word.unicodeScalars.count > 1 && word.hasSuffix(".") {
                let prefix = String(word.unicodeScalars.dropLast())
                let kind = prefixes[prefix]
                if prefix.contains(".") && prefix.unicodeScalars.contains(where: Self.isAlpha) {
                    out += word.replacingLiteral(".", with: "")
                } else if kind == .any || (next.map { $0.unicodeScalars.first.map(Self.isASCIILower) ?? false } ?? false) {
                    out += word
                } else if kind == .numericOnly, let next, let first = next.unicodeScalars.first, Self.isDigit(first) {
                    out += word
                } else {
                    out += prefix + " ."
                }
            } else {
                out += word
            }
            out += " "
        }
        return out
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }
    private static func isASCIILower(_ c: Unicode.Scalar) -> Bool { c.value >= 0x61 && c.value <= 0x7A }

    /// METEOR's letter class: ASCII, Latin-1 and Latin Extended-A letters, Cyrillic and phonetic blocks.
    static func isAlpha(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        switch v {
        case 0x41...0x5A, 0x61...0x7A: return true
        case 0x160, 0x17D, 0x161, 0x17E, 0x178: return true
        case 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x17E: return true
        case 0x400...0x4FF, 0x500...0x527, 0xA640...0xA66E, 0xA67E...0xA697, 0x1D00...0x1D7F: return true
        default: return false
        }
    }

    static func isAlphanumeric(_ c: Unicode.Scalar) -> Bool { isDigit(c) || isAlpha(c) }

    /// Java's `\s`: space, tab, newline, vertical tab, form feed, carriage return.
    private static func isRegexSpace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\n" || c == "\u{0B}" || c == "\u{0C}" || c == "\r"
    }

    /// Surrounds every symbol other than dots, apostrophes, backquotes, commas and hyphens with spaces.
    private static func separateOtherSymbols(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.count + 8)
        for c in text {
            let kept = isAlphanumeric(c) || isRegexSpace(c) || c == "." || c == "'" || c == "`" || c == ","
                || c == "-" || c == "\u{2018}" || c == "\u{2019}"
            if kept {
                out.append(c)
            } else {
                out.append(" ")
                out.append(c)
                out.append(" ")
            }
        }
        return out
    }

    /// Marks runs of two or more dots so that the dot splitting leaves them whole.
    private static func escapeDotRuns(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        var i = 0
        while i < text.count {
            if text[i] == ".", i + 1 < text.count, text[i + 1] == "." {
                out.append(contentsOf: " DOTMULTI".unicodeScalars)
                i += 1
                while i < text.count && text[i] == "." {
                    out.append(".")
                    i += 1
                }
            } else {
                out.append(text[i])
                i += 1
            }
        }
        var line = String(scalars: out)
        while line.contains("DOTMULTI.") {
            line = String(String.UnicodeScalarView(rewriteDotMulti(Array(line.unicodeScalars))))
            line = line.replacingLiteral("DOTMULTI.", with: "DOTDOTMULTI")
        }
        return Array(line.unicodeScalars)
    }

    /// `DOTMULTI.` followed by a non-dot becomes `DOTDOTMULTI ` and that character.
    private static func rewriteDotMulti(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        let marker = Array("DOTMULTI.".unicodeScalars)
        var out: [Unicode.Scalar] = []
        var i = 0
        while i < text.count {
            if i + marker.count < text.count, Array(text[i..<(i + marker.count)]) == marker,
               text[i + marker.count] != "." {
                out.append(contentsOf: "DOTDOTMULTI ".unicodeScalars)
                out.append(text[i + marker.count])
                i += marker.count + 1
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return out
    }

    /// Curly double quotes and a pair of apostrophes become a spaced straight double quote.
    private static func normalizeDoubleQuotes(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        var i = 0
        while i < text.count {
            if text[i] == "\u{201C}" || text[i] == "\u{201D}" {
                out.append(contentsOf: [" ", "\"", " "])
                i += 1
            } else if text[i] == "'", i + 1 < text.count, text[i + 1] == "'" {
                out.append(contentsOf: [" ", "\"", " "])
                i += 2
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return out
    }

    /// Rewrites every non-overlapping `first middle last` triple, left to right, replacing `middle`.
    private static func rewriteTriples(
        _ text: [Unicode.Scalar], first: (Unicode.Scalar) -> Bool, middle: Unicode.Scalar,
        last: (Unicode.Scalar) -> Bool, keepMiddle replacement: String
    ) -> [Unicode.Scalar] {
        guard text.contains(middle) else { return text }
        let inserted = Array(replacement.unicodeScalars)
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.count + 8)
        var i = 0
        while i < text.count {
            if i + 2 < text.count, text[i + 1] == middle, first(text[i]), last(text[i + 2]) {
                out.append(text[i])
                out.append(contentsOf: inserted)
                out.append(text[i + 2])
                i += 3
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return out
    }

    private static func replaceLiteral(_ text: [Unicode.Scalar], _ target: [Unicode.Scalar], with replacement: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        var i = 0
        while i < text.count {
            if i + target.count <= text.count, Array(text[i..<(i + target.count)]) == target {
                out.append(contentsOf: replacement)
                i += target.count
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return out
    }

    /// Runs of spaces become one space, then characters up to U+0020 are trimmed from both ends.
    private static func collapseSpaces(_ line: String) -> String {
        var out: [Unicode.Scalar] = []
        var previousSpace = false
        for c in line.unicodeScalars {
            if c == " " {
                if !previousSpace { out.append(c) }
                previousSpace = true
            } else {
                out.append(c)
                previousSpace = false
            }
        }
        var start = 0
        var end = out.count
        while start < end && out[start].value <= 0x20 { start += 1 }
        while end > start && out[end - 1].value <= 0x20 { end -= 1 }
        return String(scalars: out[start..<end])
    }
}

extension String {
    /// Java's `String.replace(CharSequence, CharSequence)`: every non-overlapping occurrence, left to right.
    func replacingLiteral(_ target: String, with replacement: String) -> String {
        let t = Array(target.unicodeScalars)
        let r = Array(replacement.unicodeScalars)
        let text = Array(unicodeScalars)
        guard !t.isEmpty else { return self }
        var out: [Unicode.Scalar] = []
        var i = 0
        while i < text.count {
            if i + t.count <= text.count, Array(text[i..<(i + t.count)]) == t {
                out.append(contentsOf: r)
                i += t.count
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return String(scalars: out)
    }
}

extension String {
    /// A string from Unicode scalars, encoded to UTF-8 in one pass (faster than appending scalars).
    init<Scalars: Collection>(scalars: Scalars) where Scalars.Element == Unicode.Scalar {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count)
        for scalar in scalars { UTF8.encode(scalar) { bytes.append($0) } }
        self = String(decoding: bytes, as: UTF8.self)
    }
}
