/// The mteval-v13a-style tokenisation that e2e-metrics' `pymteval.py` applies before BLEU and NIST.
/// Works on Unicode scalars because the Python original works on code points.
public struct MTEvalTokenizer: Sendable {
    public init() {}

    /// Splits `sentence` into tokens; an empty or blank sentence gives one empty token, as the original does.
    public func tokenize(_ sentence: String) -> [String] {
        var text = Array(sentence.unicodeScalars)
        text = Self.replacing(text, "<skipped>", with: "")
        text = Self.replacing(text, "-\n", with: "")
        text = Self.replacing(text, "\n", with: " ")
        text = Self.replacing(text, "&quot;", with: "\"")
        text = Self.replacing(text, "&amp;", with: "&")
        text = Self.replacing(text, "&lt;", with: "<")
        text = Self.replacing(text, "&gt;", with: ">")
        text = [" "] + text + [" "]
        text = Self.padPunctuation(text)
        text = Self.splitPairs(text, first: { !Self.isDigit($0) }, second: Self.isPeriodOrComma, spaceBefore: false)
        text = Self.splitPairs(text, first: Self.isPeriodOrComma, second: { !Self.isDigit($0) }, spaceBefore: true)
        text = Self.splitPairs(text, first: Self.isDigit, second: { $0 == "-" }, spaceBefore: false)
        return Self.collapseSpaces(text)
    }

    /// Left-to-right, non-overlapping literal replacement (Python's `re.sub` on a literal pattern).
    static func replacing(_ text: [Unicode.Scalar], _ pattern: String, with replacement: String) -> [Unicode.Scalar] {
        let needle = Array(pattern.unicodeScalars)
        guard text.count >= needle.count, text.contains(needle[0]) else { return text }
        let substitute = Array(replacement.unicodeScalars)
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.count)
        var i = 0
        while i < text.count {
            if i + needle.count <= text.count, text[i] == needle[0], Array(text[i..<(i + needle.count)]) == needle {
                out.append(contentsOf: substitute)
                i += needle.count
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return out
    }

    /// The ASCII symbols the original surrounds with spaces: `{|}~ [\]^_` space-to-& (-+ :-@ /`.
    static func isPaddedSymbol(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x7B...0x7E, 0x5B...0x60, 0x20...0x26, 0x28...0x2B, 0x3A...0x40, 0x2F: true
        default: false
        }
    }

    static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }
    static func isPeriodOrComma(_ s: Unicode.Scalar) -> Bool { s == "." || s == "," }

    static func padPunctuation(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.count * 2)
        for s in text {
            if isPaddedSymbol(s) { out.append(" "); out.append(s); out.append(" ") } else { out.append(s) }
        }
        return out
    }

    /// One pass of a two-character pattern rewritten to `a b ` (or ` a b` with `spaceBefore`), non-overlapping.
    static func splitPairs(_ text: [Unicode.Scalar], first: (Unicode.Scalar) -> Bool,
                           second: (Unicode.Scalar) -> Bool, spaceBefore: Bool) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.count + 16)
        var i = 0
        while i < text.count {
            if i + 1 < text.count, first(text[i]), second(text[i + 1]) {
                if spaceBefore {
                    out.append(" "); out.append(text[i]); out.append(" "); out.append(text[i + 1])
                } else {
                    out.append(text[i]); out.append(" "); out.append(text[i + 1]); out.append(" ")
                }
                i += 2
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return out
    }

    /// Python's `\s+` to one space, `strip()`, then `split(' ')`.
    static func collapseSpaces(_ text: [Unicode.Scalar]) -> [String] {
        var tokens: [String] = []
        var start: Int?
        for (index, s) in text.enumerated() {
            if isPythonWhitespace(s) {
                if let first = start { tokens.append(String(scalars: text[first..<index])); start = nil }
            } else if start == nil {
                start = index
            }
        }
        if let first = start { tokens.append(String(scalars: text[first...])) }
        return tokens.isEmpty ? [""] : tokens
    }

    /// The characters Python 3's `str` regex `\s` and `str.strip()` treat as whitespace.
    static func isPythonWhitespace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            true
        default: false
        }
    }
}
