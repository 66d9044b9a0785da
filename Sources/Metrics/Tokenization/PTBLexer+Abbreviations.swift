/// Abbreviations that keep their period, and when a period also ends the sentence.
extension PTBLexer {
    /// Acronyms and listed abbreviations keep their period; before a sentence start they also yield a period.
    func abbreviation(at i: Int) -> Match? {
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
    func sentenceStartAfterAcronym(at j: Int) -> Int? {
        var k = j
        while let s = scalar(k), C.isSpaceOrNewline(s) { k += 1 }
        guard k > j, let first = scalar(k), C.isUppercase(first) else { return nil }
        var end = k
        while let s = scalar(end), C.isASCIILetter(s) { end += 1 }
        guard let after = scalar(end), C.isSpaceOrNewline(after),
              PTBAbbreviations.sentenceStarters.contains(string(k..<end).lowercased()) else { return nil }
        return end + 1 - j
    }
}
