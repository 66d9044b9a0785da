import Foundation

/// A longest-match scanner over the PTB lexer's token patterns (ties go to the earlier pattern, as in JFlex).
struct PTBLexer {
    enum Token: Equatable {
        case word(String)
        case newline
    }

    typealias C = PTBCharacterClasses
    let text: [Unicode.Scalar]
    private var position = 0

    init(text: [Unicode.Scalar]) { self.text = text }

    /// A pattern's match at the current position: `length` includes trailing context, `advance` is what it
    /// consumes, `token` what it emits (nil: nothing).
    struct Match {
        var length: Int
        var advance: Int
        var token: Emission?
    }

    /// What a match emits; spans become strings only for the winning match.
    enum Emission {
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

    func scalar(_ i: Int) -> Unicode.Scalar? { i < text.count ? text[i] : nil }
    func string(_ range: Range<Int>) -> String { String(scalars: text[range]) }

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

    /// Whether `literal` occurs at `i`, ASCII letters compared without case (the lexer is `%caseless`).
    func hasCaseless(_ literal: String, at i: Int) -> Bool {
        var j = i
        for expected in literal.unicodeScalars {
            guard let s = scalar(j) else { return false }
            if s != expected, Self.asciiLowercase(s.value) != Self.asciiLowercase(expected.value) { return false }
            j += 1
        }
        return true
    }

    static func asciiLowercase(_ value: UInt32) -> UInt32 { value >= 0x41 && value <= 0x5A ? value + 0x20 : value }
}
