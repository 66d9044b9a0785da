/// Punctuation, brackets, quotes and SGML-like tags.
extension PTBLexer {
    func sgml(at i: Int) -> Int? {
        guard text[i] == "<" else { return nil }
        var j = i + 1
        if scalar(j) == "/" { j += 1 }
        guard let s = scalar(j), C.isASCIILetter(s) || s == "!" else { return nil }
        while let s = scalar(j), s != ">" {
            if C.isNewline(s) { return nil }
            j += 1
        }
        return scalar(j) == ">" ? j + 1 : nil
    }

    func punctuation(at i: Int) -> Match? {
        let c = text[i]
        func single(_ token: String) -> Match { Match(length: 1, advance: 1, token: .word(token)) }
        func run(while predicate: (Unicode.Scalar) -> Bool) -> Int {
            var j = i
            while let s = scalar(j), predicate(s) { j += 1 }
            return j
        }
        switch c {
        case "\"":
            if let next = scalar(i + 1), C.isASCIIAlphanumeric(next) || next == "$" { return Match(length: 2, advance: 1, token: .word("``")) }
            return single("''")
        case "+", "%", "&", "~", "^", "|", "\\", "=", "/", ",", ";", ":": return single(String(c))
        case "(": return single("-LRB-")
        case ")": return single("-RRB-")
        case "[": return single("-LSB-")
        case "]": return single("-RSB-")
        case "{": return single("-LCB-")
        case "}": return single("-RCB-")
        case "<", ">": return single(String(c))
        case "-":
            let end = run { $0 == "-" }
            let length = end - i
            return Match(length: length, advance: length, token: .word(length >= 3 && length <= 4 ? "--" : string(i..<end)))
        case ".":
            if let end = ellipsis(at: i) { return Match(length: end - i, advance: end - i, token: .word("...")) }
            return single(".")
        case "\u{2026}": return single("...")
        case "?", "!":
            let end = run { $0 == "?" || $0 == "!" }
            return Match(length: end - i, advance: end - i, token: .span(i..<end))
        case "@":
            if let s = scalar(i + 1), C.isASCIILetter(s) || s == "_" {
                var k = i + 1
                while let s = scalar(k), C.isASCIIAlphanumeric(s) || s == "_" { k += 1 }
                return Match(length: k - i, advance: k - i, token: .span(i..<k))
            }
            let end = run { $0 == "@" }
            return Match(length: end - i, advance: end - i, token: .span(i..<end))
        case "_", "*":
            let end = run { $0 == c }
            return Match(length: end - i, advance: end - i, token: .span(i..<end))
        case "\u{A1}", "\u{BF}": return single(String(c))
        default: return nil
        }
    }

    func ellipsis(at i: Int) -> Int? {
        var j = i
        while scalar(j) == "." { j += 1 }
        if j - i >= 3 { return i + min(j - i, 5) }
        var k = i
        var pairs = 0
        while pairs < 4, scalar(k) == ".", let s = scalar(k + 1), s == " " || s.value == 0xA0 {
            k += 2
            pairs += 1
        }
        while pairs >= 2 {
            if scalar(i + 2 * pairs) == "." { return i + 2 * pairs + 1 }
            pairs -= 1
        }
        return nil
    }

    func quote(at i: Int) -> Match? {
        let c = text[i]
        guard C.isQuote(c) || c == "\"" else { return nil }
        var end = i + 1
        if c == "'" {
            if scalar(i + 1) == "'" { end = i + 2 }
        } else if let next = scalar(i + 1), C.isQuote(next), next != "'" {
            end = i + 2
        }
        return Match(length: end - i, advance: end - i, token: .word(normalisedQuotes(i..<end, left: false)))
    }

    /// LaTeX-style quotes as PTB3 escaping writes them.
    func normalisedQuotes(_ range: Range<Int>, left: Bool) -> String {
        var out = ""
        for s in text[range] {
            switch s.value {
            case 0x27, 0x92, 0x2019: out += left ? "`" : "'"
            case 0x91, 0x2018, 0x201B: out += "`"
            case 0x93, 0x201C, 0x201F: out += "``"
            case 0x94, 0x201D: out += "''"
            case 0x22: out += left ? "``" : "''"
            default: out.unicodeScalars.append(s)
            }
        }
        return out
    }
}
