import Foundation

/// A longest-match scanner over the PTB lexer's token patterns (ties go to the earlier pattern, as in JFlex).
struct PTBLexer {
    enum Token: Equatable {
        case word(String)
        case newline
    }

    typealias C = PTBCharacterClasses
    private let text: [Unicode.Scalar]
    private var position = 0

    init(text: [Unicode.Scalar]) { self.text = text }

    /// A pattern's match at the current position: `length` includes trailing context, `advance` is what it
    /// consumes, `token` what it emits (nil: nothing).
    private struct Match {
        var length: Int
        var advance: Int
        var token: Emission?
    }

    /// What a match emits; spans become strings only for the winning match.
    private enum Emission {
        case span(Range<Int>)
        case word(String)
        case newline
    }

    mutating func next() -> Token? {
        while position < text.count {
            let match = longestMatch(at: position)
            position += max(match.advance, 1)
            switch match.token {
            case .span(let range): return .word(string(range))
            case .word(let word): return .word(word)
            case .newline: return .newline
            case nil: continue
            }
        }
        return nil
    }

    private func scalar(_ i: Int) -> Unicode.Scalar? { i < text.count ? text[i] : nil }
    private func string(_ range: Range<Int>) -> String { String(scalars: text[range]) }

    private func longestMatch(at i: Int) -> Match {
        let c = text[i]
        if C.isNewline(c) { return Match(length: 1, advance: 1, token: .newline) }
        if C.isSpace(c) || C.isIgnorable(c) { return Match(length: 1, advance: 1, token: nil) }
        var best: Match?
        func offer(_ candidate: Match?) {
            guard let candidate else { return }
            if let current = best, candidate.length <= current.length { return }
            best = candidate
        }
        func plain(_ end: Int?) -> Match? { end.map { Match(length: $0 - i, advance: $0 - i, token: .span(i..<$0)) } }
        func emitting(_ text: String, _ end: Int?) -> Match? { end.map { Match(length: $0 - i, advance: $0 - i, token: .word(text)) } }

        offer(assimilation(at: i))
        offer(plain(sgml(at: i)))
        if C.isLongDash(c) { offer(Match(length: 1, advance: 1, token: .word("--"))) }
        if hasCaseless("&amp;", at: i) { offer(Match(length: 5, advance: 5, token: .word("&"))) }
        let wordEnd = word(at: i)
        if let wordEnd, let auxEnd = reducedAuxiliary(at: wordEnd) {
            offer(Match(length: auxEnd - i, advance: wordEnd - i, token: .span(i..<wordEnd)))
        }
        if let (stemEnd, negEnd) = negatedStem(at: i) {
            offer(Match(length: negEnd - i, advance: stemEnd - i, token: .span(i..<stemEnd)))
        }
        offer(plain(wordEnd))
        offer(plain(apostropheWord(at: i)))
        if (c == "y" || c == "Y"), let next = scalar(i + 1), C.isApostrophe(next), let after = scalar(i + 2), C.isLetter(after) {
            offer(Match(length: 3, advance: 2, token: .span(i..<(i + 2))))
        }
        if let auxEnd = reducedAuxiliary(at: i) {
            if let after = scalar(auxEnd), !C.isASCIILetter(after) {
                offer(Match(length: auxEnd + 1 - i, advance: auxEnd - i, token: .word(normalisedQuotes(i..<auxEnd, left: false))))
            }
        }
        if let negEnd = negation(at: i) { offer(emitting(normalisedQuotes(i..<negEnd, left: false), negEnd)) }
        offer(plain(date(at: i)))
        offer(plain(number(at: i)))
        offer(fraction(at: i).map { Match(length: $0 - i, advance: $0 - i,
                                          token: .word(string(i..<$0).replacingOccurrences(of: " ", with: "\u{A0}"))) })
        offer(plain(slashedWords(at: i)))
        offer(plain(dollarSign(at: i)))
        if C.isOtherCurrency(c) { offer(Match(length: 1, advance: 1, token: .word(Self.normalisedCurrency(c)))) }
        offer(abbreviation(at: i))
        if C.isApostrophe(c), let d1 = scalar(i + 1), let d2 = scalar(i + 2), C.isASCIIDigit(d1), C.isASCIIDigit(d2),
           let after = scalar(i + 3), C.isSpaceOrNewline(after) {
            offer(Match(length: 4, advance: 3, token: .span(i..<(i + 3))))
        }
        if let wordEnd { offer(periodBeforeInnerPunctuation(start: i, end: wordEnd)) }
        offer(punctuation(at: i))
        if let end = hyphenatedAlphanumeric(at: i) {
            offer(periodBeforeInnerPunctuation(start: i, end: end))
            offer(plain(end))
        }
        if let end = thing(at: i) {
            offer(periodBeforeInnerPunctuation(start: i, end: end))
            offer(plain(end))
        }
        offer(capitalsWithAmpersand(at: i))
        if c == "'", let d1 = scalar(i + 1), C.isASCIILetter(d1), let d2 = scalar(i + 2), !(C.isSpace(d2) || d2 == "\n" || d2 == "\r") {
            offer(Match(length: 3, advance: 1, token: .word("`")))
        }
        if let auxEnd = reducedAuxiliary(at: i) { offer(emitting(normalisedQuotes(i..<auxEnd, left: false), auxEnd)) }
        offer(quote(at: i))
        if C.isMiscSymbol(c) { offer(plain(i + 1)) }
        // Characters no pattern knows are dropped, as the jar's default `untokenizable=firstDelete` does.
        return best ?? Match(length: 1, advance: 1, token: nil)
    }

    // MARK: Words

    /// Letters and digits, possibly joined by `.`, `!` or `?` before a letter (`e.g`, `Yahoo!Inc` style runs).
    private func word(at i: Int) -> Int? {
        guard C.isLetter(text[i]) else { return nil }
        var j = i + 1
        while true {
            while let s = scalar(j), C.isLetterOrDigit(s) || C.isWordExtension(s) { j += 1 }
            if let s = scalar(j), s == "." || s == "!" || s == "?", let t = scalar(j + 1), C.isLetter(t) {
                j += 2
                continue
            }
            return j
        }
    }

    /// Hyphenated letters and digits, where a part may start with `d'`, `o'`, `l'`.
    private func thing(at i: Int) -> Int? {
        guard var end = thingPart(at: i) else { return nil }
        while let s = scalar(end), C.isWordHyphen(s), let next = thingPart(at: end + 1) { end = next }
        return end
    }

    private func thingPart(at j: Int) -> Int? {
        if let s = scalar(j), "dDoOlL".unicodeScalars.contains(s), let a = scalar(j + 1), C.isApostropheLike(a),
           let b = scalar(j + 2), C.isLetterOrDigit(b), let d = scalar(j + 3), C.isLetterOrDigit(d) {
            var k = j + 4
            while let s = scalar(k), C.isLetterOrDigit(s) { k += 1 }
            return k
        }
        guard let s = scalar(j), C.isLetterOrDigit(s) else { return nil }
        var k = j + 1
        while let s = scalar(k), C.isLetterOrDigit(s) { k += 1 }
        return k
    }

    /// ASCII alphanumerics with inner `.`/`,` followed by hyphenated parts (`20.50-25`).
    private func hyphenatedAlphanumeric(at i: Int) -> Int? {
        guard C.isASCIIAlphanumeric(text[i]) else { return nil }
        var j = i + 1
        while let s = scalar(j), C.isASCIIAlphanumeric(s) || s == "." || s == "," || s.value == 0xAD { j += 1 }
        var end: Int?
        while scalar(j) == "-" {
            var k = j + 1
            while let s = scalar(k), C.isASCIIAlphanumeric(s) || s.value == 0xAD { k += 1 }
            let acronymEnd = acronym(at: j + 1).flatMap { scalar($0) == "." ? $0 + 1 : nil }
            if let acronymEnd, acronymEnd > k { k = acronymEnd }
            if k == j + 1 { break }
            end = k
            j = k
        }
        return end
    }

    /// Single letters joined by periods: `U.S`, `a.m`.
    private func acronym(at i: Int) -> Int? {
        guard let s = scalar(i), C.isASCIILetter(s) else { return nil }
        var j = i + 1
        var parts = 1
        while scalar(j) == ".", let t = scalar(j + 1), C.isASCIILetter(t) {
            j += 2
            parts += 1
        }
        return parts >= 2 ? j : nil
    }

    /// Runs of capitals joined by `&` or `+` (`AT&T`).
    private func capitalsWithAmpersand(at i: Int) -> Match? {
        func capitals(_ j: Int) -> Int? {
            var k = j
            while let s = scalar(k), s.value >= 0x41 && s.value <= 0x5A { k += 1 }
            return k > j ? k : nil
        }
        guard var end = capitals(i) else { return nil }
        var joins = 0
        while true {
            if let s = scalar(end), s == "&" || s == "+", let next = capitals(end + 1) {
                end = next
            } else if hasCaseless("&amp;", at: end), let next = capitals(end + 5) {
                end = next
            } else {
                break
            }
            joins += 1
        }
        guard joins > 0 else { return nil }
        let text = string(i..<end).replacingOccurrences(of: "&amp;", with: "&", options: .caseInsensitive)
        return Match(length: end - i, advance: end - i, token: .word(text))
    }

    /// A word, `20-25` or `20.50-25` directly followed by `.` and then `,`, `;` or `:` keeps the period.
    private func periodBeforeInnerPunctuation(start i: Int, end: Int) -> Match? {
        guard scalar(end) == ".", let s = scalar(end + 1), s == "," || s == ";" || s == ":" else { return nil }
        return Match(length: end + 2 - i, advance: end + 1 - i, token: .span(i..<(end + 1)))
    }

    /// `cannot`, `gonna`, `'tis`...: split in two, the first part emitted now.
    private func assimilation(at i: Int) -> Match? {
        let pairs: [(String, Int)] = [("cannot", 3), ("gonna", 3), ("gotta", 3), ("lemme", 3), ("gimme", 3),
                                      ("wanna", 3), ("'tis", 2), ("'twas", 2)]
        for (literal, first) in pairs where hasCaseless(literal, at: i) {
            return Match(length: literal.unicodeScalars.count, advance: first, token: .span(i..<(i + first)))
        }
        return nil
    }

    /// Words spelled with an inner apostrophe that stay whole (`o'clock` is a `thing`; here `ma'am`, `O'Brien`).
    private func apostropheWord(at i: Int) -> Int? {
        let c = text[i]
        if C.isApostrophe(c) {
            if let n = scalar(i + 1), n == "n" || n == "N" {
                if let a = scalar(i + 2), C.isApostrophe(a) { return i + 3 }
                return i + 2
            }
            if hasCaseless("em", at: i + 1) { return i + 3 }
            if hasCaseless("cause", at: i + 1) { return i + 6 }
            if hasCaseless("till", at: i + 1) { return i + 5 }
            if hasCaseless("til", at: i + 1) { return i + 4 }
            if let d = scalar(i + 1), ("2"..."9").contains(d), scalar(i + 2) == "0", let s = scalar(i + 3), s == "s" || s == "S" {
                return i + 4
            }
            return nil
        }
        guard C.isLetter(c) else { return nil }
        var best: Int?
        if let a = scalar(i + 1), C.isApostropheLike(a) {
            if "lLdDjJ".unicodeScalars.contains(c), C.isApostrophe(a) { best = i + 2 }
            // The lexer's class here is case-sensitive: capitals except I and Y, and a lowercase n.
            if ("A"..."H").contains(c) || ("J"..."X").contains(c) || c == "Z" || c == "n" {
                var k = i + 2
                while let s = scalar(k), C.isLetter(s) { k += 1 }
                if k - (i + 2) >= 2 { best = max(best ?? 0, k) }
            }
        }
        // letters ending in a vowel, apostrophe, a vowel or capital, letters (`ma'am`)
        var j = i + 1
        while let s = scalar(j), C.isLetter(s) { j += 1 }
        let k = j - 1
        if k > i, "aeiouyAEIOUY".unicodeScalars.contains(text[k]), let a = scalar(j), C.isApostropheLike(a),
           let v = scalar(j + 1), "aeiouAEIOU".unicodeScalars.contains(v) || ("A"..."Z").contains(v) {
            var end = j + 2
            while let s = scalar(end), C.isLetter(s) { end += 1 }
            best = max(best ?? 0, end)
        }
        return best
    }

    /// `'s`, `'m`, `'d`, `'re`, `'ve`, `'ll` (any case) starting at `i`; returns the end.
    private func reducedAuxiliary(at i: Int) -> Int? {
        guard let a = scalar(i), C.isApostrophe(a) else { return nil }
        if hasCaseless("re", at: i + 1) || hasCaseless("ve", at: i + 1) || hasCaseless("ll", at: i + 1) { return i + 3 }
        if let s = scalar(i + 1), "msdMSD".unicodeScalars.contains(s) { return i + 2 }
        return nil
    }

    /// `n't` (any case, any apostrophe-like mark) at `i`.
    private func negation(at i: Int) -> Int? {
        guard let n = scalar(i), n == "n" || n == "N", let a = scalar(i + 1), C.isApostropheLike(a),
              let t = scalar(i + 2), t == "t" || t == "T" else { return nil }
        return i + 3
    }

    /// ASCII letters not ending in `n` directly before `n't`: the stem end and the negation end.
    private func negatedStem(at i: Int) -> (Int, Int)? {
        var j = i
        while let s = scalar(j), C.isASCIILetter(s) || s.value == 0xAD { j += 1 }
        var k = j
        while k > i {
            if let end = negation(at: k), text[k - 1] != "n", text[k - 1] != "N", C.isASCIILetter(text[k - 1]) {
                return (k, end)
            }
            k -= 1
        }
        return nil
    }

    // MARK: Numbers

    private func number(at i: Int) -> Int? {
        var j = i
        if text[j] == "-" || text[j] == "+" { j += 1 }
        let digitsStart = j
        while let s = scalar(j), C.isDigit(s) { j += 1 }
        var end = j > digitsStart ? j : nil
        while let s = scalar(j), s == "." || s == ":" || s == "," || s.value == 0xAD || s.value == 0x66B || s.value == 0x66C,
              let d = scalar(j + 1), C.isDigit(d) {
            j += 2
            while let s = scalar(j), C.isDigit(s) { j += 1 }
            end = j
        }
        return end
    }

    /// Runs of 1-4 digits ending exactly at a non-digit; returns the end.
    private func shortDigits(at j: Int, max limit: Int) -> Int? {
        var k = j
        while let s = scalar(k), C.isDigit(s) { k += 1 }
        return (k > j && k - j <= limit) ? k : nil
    }

    private func fraction(at i: Int) -> Int? {
        func simple(_ j: Int) -> Int? {
            guard let a = shortDigits(at: j, max: 4) else { return nil }
            var k = a
            if scalar(k) == "\\" { k += 1 }
            guard let s = scalar(k), s == "/" || s.value == 0x2044 else { return nil }
            return shortDigits(at: k + 1, max: 4)
        }
        var best = simple(i)
        if let a = shortDigits(at: i, max: 4), let s = scalar(a), s == "-" || s == " " || s.value == 0xA0,
           let end = simple(a + 1) {
            best = max(best ?? 0, end)
        }
        return best
    }

    private func date(at i: Int) -> Int? {
        guard let a = shortDigits(at: i, max: 2), let s1 = scalar(a), s1 == "-" || s1 == "/",
              let b = shortDigits(at: a + 1, max: 2), let s2 = scalar(b), s2 == "-" || s2 == "/" else { return nil }
        var k = b + 1
        while let s = scalar(k), C.isDigit(s) { k += 1 }
        return (k - b - 1 >= 2 && k - b - 1 <= 4) ? k : nil
    }

    /// `and/or`, `a/b`, `kid-friendly/family` style slashed words.
    private func slashedWords(at i: Int) -> Int? {
        func part(_ j: Int) -> Int? {
            var k = j
            while let s = scalar(k), C.isASCIIAlphanumeric(s) { k += 1 }
            guard k > j else { return nil }
            var hyphens = 0
            while hyphens < 2, scalar(k) == "-" {
                var m = k + 1
                while let s = scalar(m), C.isASCIILetter(s) { m += 1 }
                if m == k + 1 { break }
                k = m
                hyphens += 1
            }
            return k
        }
        guard var end = part(i) else { return nil }
        var slashes = 0
        while slashes < 2 {
            var k = end
            if scalar(k) == "\\" { k += 1 }
            guard scalar(k) == "/", let next = part(k + 1) else { break }
            end = next
            slashes += 1
        }
        return slashes > 0 ? end : nil
    }

    private func dollarSign(at i: Int) -> Int? {
        if text[i] == "#" { return i + 1 }
        var j = i
        while let s = scalar(j), s.value >= 0x41 && s.value <= 0x5A { j += 1 }
        return scalar(j) == "$" ? j + 1 : nil
    }

    static func normalisedCurrency(_ c: Unicode.Scalar) -> String {
        switch c.value {
        case 0xA2: "cents"
        case 0xA3: "#"
        case 0x80, 0xA4, 0x20A0, 0x20AC: "$"
        default: String(c)
        }
    }

    // MARK: Abbreviations

    /// Acronyms and listed abbreviations keep their period; before a sentence start they also yield a period.
    private func abbreviation(at i: Int) -> Match? {
        guard C.isASCIILetter(text[i]) else { return nil }
        if let end = acronym(at: i), scalar(end) == "." {
            let token = string(i..<(end + 1))
            if let length = sentenceStartAfterAcronym(at: end + 1) {
                return Match(length: length + end + 1 - i, advance: end - i, token: .word(token))
            }
            return Match(length: end + 1 - i, advance: end + 1 - i, token: .word(token))
        }
        var j = i
        while let s = scalar(j), C.isASCIILetter(s) { j += 1 }
        guard scalar(j) == "." else { return nil }
        let word = string(i..<j)
        let token = word + "."
        if PTBAbbreviations.isSentenceFinal(word) {
            if let a = scalar(j + 1), C.isSpaceOrNewline(a), let b = scalar(j + 2),
               C.isSpaceOrNewline(b) || C.isUppercase(b) || b == "<" {
                return Match(length: j + 3 - i, advance: j - i, token: .word(token))
            }
            return Match(length: j + 1 - i, advance: j + 1 - i, token: .word(token))
        }
        if word.lowercased() == "no" || word.lowercased() == "nos" {
            // `No.` keeps its period only before a number.
            var k = j + 1
            while let s = scalar(k), C.isSpace(s) { k += 1 }
            guard let s = scalar(k), C.isDigit(s) else { return nil }
            return Match(length: j + 1 - i, advance: j + 1 - i, token: .word(token))
        }
        // A single letter before a sentence start is a word and a full stop (`Plan B. It`).
        if j - i == 1, sentenceStartAfterAcronym(at: j + 1) != nil { return nil }
        if PTBAbbreviations.keepsPeriod(word) { return Match(length: j + 1 - i, advance: j + 1 - i, token: .word(token)) }
        return nil
    }

    /// Length of whitespace, a listed sentence-starting word with a capital, and one space after an acronym.
    private func sentenceStartAfterAcronym(at j: Int) -> Int? {
        var k = j
        while let s = scalar(k), C.isSpaceOrNewline(s) { k += 1 }
        guard k > j, let first = scalar(k), C.isUppercase(first) else { return nil }
        var end = k
        while let s = scalar(end), C.isASCIILetter(s) { end += 1 }
        guard let after = scalar(end), C.isSpaceOrNewline(after),
              PTBAbbreviations.sentenceStarters.contains(string(k..<end).lowercased()) else { return nil }
        return end + 1 - j
    }

    // MARK: Punctuation

    private func sgml(at i: Int) -> Int? {
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

    private func punctuation(at i: Int) -> Match? {
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

    private func ellipsis(at i: Int) -> Int? {
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

    private func quote(at i: Int) -> Match? {
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
    private func normalisedQuotes(_ range: Range<Int>, left: Bool) -> String {
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

    private func hasCaseless(_ literal: String, at i: Int) -> Bool {
        var j = i
        for expected in literal.unicodeScalars {
            guard let s = scalar(j) else { return false }
            if s != expected, Self.asciiLowercase(s.value) != Self.asciiLowercase(expected.value) { return false }
            j += 1
        }
        return true
    }

    private static func asciiLowercase(_ value: UInt32) -> UInt32 { value >= 0x41 && value <= 0x5A ? value + 0x20 : value }
}
