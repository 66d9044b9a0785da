import Foundation

/// Word patterns: plain, hyphenated, with apostrophes, contractions, acronyms.
extension PTBLexer {
    /// Letters and digits, possibly joined by `.`, `!` or `?` before a letter (`e.g`, `Yahoo!Inc` style runs).
    func word(at i: Int) -> Int? {
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
    func thing(at i: Int) -> Int? {
        guard var end = thingPart(at: i) else { return nil }
        while let s = scalar(end), C.isWordHyphen(s), let next = thingPart(at: end + 1) { end = next }
        return end
    }

    func thingPart(at j: Int) -> Int? {
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
    func hyphenatedAlphanumeric(at i: Int) -> Int? {
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
    func acronym(at i: Int) -> Int? {
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
    func capitalsWithAmpersand(at i: Int) -> Match? {
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
    func periodBeforeInnerPunctuation(start i: Int, end: Int) -> Match? {
        guard scalar(end) == ".", let s = scalar(end + 1), s == "," || s == ";" || s == ":" else { return nil }
        return Match(length: end + 2 - i, advance: end + 1 - i, token: .span(i..<(end + 1)))
    }

    /// `cannot`, `gonna`, `'tis`...: split in two, the first part emitted now.
    func assimilation(at i: Int) -> Match? {
        let pairs: [(String, Int)] = [("cannot", 3), ("gonna", 3), ("gotta", 3), ("lemme", 3), ("gimme", 3),
                                      ("wanna", 3), ("'tis", 2), ("'twas", 2)]
        for (literal, first) in pairs where hasCaseless(literal, at: i) {
            return Match(length: literal.unicodeScalars.count, advance: first, token: .span(i..<(i + first)))
        }
        return nil
    }

    /// Words spelled with an inner apostrophe that stay whole (`o'clock` is a `thing`; here `ma'am`, `O'Brien`).
    func apostropheWord(at i: Int) -> Int? {
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
    func reducedAuxiliary(at i: Int) -> Int? {
        guard let a = scalar(i), C.isApostrophe(a) else { return nil }
        if hasCaseless("re", at: i + 1) || hasCaseless("ve", at: i + 1) || hasCaseless("ll", at: i + 1) { return i + 3 }
        if let s = scalar(i + 1), "msdMSD".unicodeScalars.contains(s) { return i + 2 }
        return nil
    }

    /// `n't` (any case, any apostrophe-like mark) at `i`.
    func negation(at i: Int) -> Int? {
        guard let n = scalar(i), n == "n" || n == "N", let a = scalar(i + 1), C.isApostropheLike(a),
              let t = scalar(i + 2), t == "t" || t == "T" else { return nil }
        return i + 3
    }

    /// ASCII letters not ending in `n` directly before `n't`: the stem end and the negation end.
    func negatedStem(at i: Int) -> (Int, Int)? {
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
}
