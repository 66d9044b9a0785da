/// The Snowball English ("Porter2") stemmer, which METEOR 1.5's stem module uses.
/// Works on UTF-16 code units, as the Java Snowball runtime does, so lengths and regions agree with it.
public struct EnglishStemmer: Sendable {
    public init() {}

    /// The stem of one lowercase word.
    public func stem(_ word: String) -> String {
        let units = Array(word.utf16)
        if let special = Self.wholeWordExceptions[units] { return String(decoding: special, as: UTF16.self) }
        if units.count < 3 { return word }
        var state = StemmingState(units)
        state.run()
        return String(decoding: state.word, as: UTF16.self)
    }

    /// Words the algorithm maps directly (Snowball's `exception1`).
    static let wholeWordExceptions: [[UInt16]: [UInt16]] = {
        let pairs = [
            ("skis", "ski"), ("skies", "sky"), ("dying", "die"), ("lying", "lie"), ("tying", "tie"),
            ("idly", "idl"), ("gently", "gentl"), ("ugly", "ugli"), ("early", "earli"), ("only", "onli"),
            ("singly", "singl"), ("sky", "sky"), ("news", "news"), ("howe", "howe"), ("atlas", "atlas"),
            ("cosmos", "cosmos"), ("bias", "bias"), ("andes", "andes"),
        ]
        var table: [[UInt16]: [UInt16]] = [:]
        for (from, to) in pairs { table[Array(from.utf16)] = Array(to.utf16) }
        return table
    }()
}

/// The word being stemmed with its regions R1 and R2 (as start offsets).
private struct StemmingState {
    var word: [UInt16]
    var r1 = 0
    var r2 = 0

    init(_ word: [UInt16]) { self.word = word }

    private static let apostrophe = UInt16(UInt8(ascii: "'"))
    private static let lowerY = UInt16(UInt8(ascii: "y"))
    private static let upperY = UInt16(UInt8(ascii: "Y"))

    /// Words left alone after step 1a (Snowball's `exception2`).
    private static let afterStep1aExceptions: Set<[UInt16]> = Set(
        ["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"].map { Array($0.utf16) })

    private static func isVowel(_ c: UInt16) -> Bool {
        switch c {
        case 0x61, 0x65, 0x69, 0x6F, 0x75, 0x79: return true // a e i o u y
        default: return false
        }
    }

    /// Consonants that may close a short syllable: not a vowel, nor w, x or the marked Y.
    private static func isShortSyllableCloser(_ c: UInt16) -> Bool {
        !isVowel(c) && c != 0x77 && c != 0x78 && c != upperY
    }

    private static func isValidLiEnding(_ c: UInt16) -> Bool {
        switch c {
        case 0x63, 0x64, 0x65, 0x67, 0x68, 0x6B, 0x6D, 0x6E, 0x72, 0x74: return true // c d e g h k m n r t
        default: return false
        }
    }

    mutating func run() {
        prelude()
        markRegions()
        step1a()
        if Self.afterStep1aExceptions.contains(word) {
            postlude()
            return
        }
        step1b()
        step1c()
        step2()
        step3()
        step4()
        step5()
        postlude()
    }

    private mutating func prelude() {
        if word.first == Self.apostrophe { word.removeFirst() }
        guard !word.isEmpty else { return }
        if word[0] == Self.lowerY { word[0] = Self.upperY }
        var i = 1
        while i < word.count {
            if word[i] == Self.lowerY && Self.isVowel(word[i - 1]) { word[i] = Self.upperY }
            i += 1
        }
    }

    private mutating func markRegions() {
        let n = word.count
        r1 = n
        r2 = n
        var start: Int?
        for prefix in ["gener", "commun", "arsen"] where hasPrefix(prefix) {
            start = prefix.utf16.count
            break
        }
        if let start {
            r1 = start
        } else if let end = regionStart(from: 0) {
            r1 = end
        } else {
            return
        }
        if let end = regionStart(from: r1) { r2 = end }
    }

    /// The offset just past the first non-vowel that follows a vowel, searching from `from`.
    private func regionStart(from: Int) -> Int? {
        var i = from
        while i < word.count && !Self.isVowel(word[i]) { i += 1 }
        guard i < word.count else { return nil }
        i += 1
        while i < word.count && Self.isVowel(word[i]) { i += 1 }
        guard i < word.count else { return nil }
        return i + 1
    }

    private func hasPrefix(_ prefix: String) -> Bool {
        let p = Array(prefix.utf16)
        return word.count >= p.count && Array(word[0..<p.count]) == p
    }

    private func hasSuffix(_ suffix: [UInt16]) -> Bool {
        word.count >= suffix.count && word[(word.count - suffix.count)...].elementsEqual(suffix)
    }

    /// The longest of `suffixes` the word ends with, as Snowball's `among` picks it.
    private func longestSuffix(_ suffixes: [[UInt16]]) -> [UInt16]? {
        var best: [UInt16]?
        for suffix in suffixes where hasSuffix(suffix) {
            if best == nil || suffix.count > best!.count { best = suffix }
        }
        return best
    }

    private mutating func replaceSuffix(length: Int, with replacement: String) {
        word.removeLast(length)
        word.append(contentsOf: replacement.utf16)
    }

    private func containsVowel(before end: Int) -> Bool {
        var i = 0
        while i < end {
            if Self.isVowel(word[i]) { return true }
            i += 1
        }
        return false
    }

    /// Whether the letters just before offset `end` form a short syllable: non-vowel, vowel, then a
    /// non-vowel other than w, x or Y; or a vowel and a non-vowel that start the word.
    private func endsWithShortSyllable(at end: Int) -> Bool {
        if end >= 3 && Self.isShortSyllableCloser(word[end - 1]) && Self.isVowel(word[end - 2])
            && !Self.isVowel(word[end - 3]) {
            return true
        }
        return end == 2 && !Self.isVowel(word[1]) && Self.isVowel(word[0])
    }

    private static func units(_ list: [String]) -> [[UInt16]] { list.map { Array($0.utf16) } }

    private static let step0Suffixes = units(["'", "'s", "'s'"])
    private static let step1aSuffixes = units(["sses", "ied", "ies", "s", "us", "ss"])
    private static let step1bSuffixes = units(["eed", "eedly", "ed", "edly", "ing", "ingly"])
    private static let step1bRepairs = units(["at", "bl", "iz", "bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"])
    private static let step2Rules: [([UInt16], String)] = [
        ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("abli", "able"), ("entli", "ent"),
        ("izer", "ize"), ("ization", "ize"), ("ational", "ate"), ("ation", "ate"), ("ator", "ate"),
        ("alism", "al"), ("aliti", "al"), ("alli", "al"), ("fulness", "ful"), ("ousli", "ous"),
        ("ousness", "ous"), ("iveness", "ive"), ("iviti", "ive"), ("biliti", "ble"), ("bli", "ble"),
        ("ogi", "og"), ("fulli", "ful"), ("lessli", "less"), ("li", ""),
    ].map { (Array($0.0.utf16), $0.1) }
    private static let step3Rules: [([UInt16], String)] = [
        ("tional", "tion"), ("ational", "ate"), ("alize", "al"), ("icate", "ic"), ("iciti", "ic"),
        ("ical", "ic"), ("ful", ""), ("ness", ""), ("ative", ""),
    ].map { (Array($0.0.utf16), $0.1) }
    private static let step4Suffixes = units([
        "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate",
        "iti", "ous", "ive", "ize", "ion",
    ])

    private mutating func step1a() {
        if let suffix = longestSuffix(Self.step0Suffixes) { word.removeLast(suffix.count) }
        guard let suffix = longestSuffix(Self.step1aSuffixes) else { return }
        let start = word.count - suffix.count
        switch String(decoding: suffix, as: UTF16.self) {
        case "sses":
            replaceSuffix(length: 4, with: "ss")
        case "ied", "ies":
            replaceSuffix(length: 3, with: start >= 2 ? "i" : "ie")
        case "s":
            // A vowel must occur before the letter preceding the s.
            if start >= 1 && containsVowel(before: start - 1) { word.removeLast() }
        default:
            break
        }
    }

    private mutating func step1b() {
        guard let suffix = longestSuffix(Self.step1bSuffixes) else { return }
        let start = word.count - suffix.count
        let name = String(decoding: suffix, as: UTF16.self)
        if name == "eed" || name == "eedly" {
            if start >= r1 { replaceSuffix(length: suffix.count, with: "ee") }
            return
        }
        guard containsVowel(before: start) else { return }
        word.removeLast(suffix.count)
        if let ending = longestSuffix(Self.step1bRepairs) {
            if ending[0] == ending[1] {
                word.removeLast()
            } else {
                word.append(UInt16(UInt8(ascii: "e")))
            }
        } else if r1 == word.count && endsWithShortSyllable(at: word.count) {
            word.append(UInt16(UInt8(ascii: "e")))
        }
    }

    private mutating func step1c() {
        guard let last = word.last, last == Self.lowerY || last == Self.upperY else { return }
        let before = word.count - 2
        guard before > 0, !Self.isVowel(word[before]) else { return }
        word[word.count - 1] = UInt16(UInt8(ascii: "i"))
    }

    private mutating func step2() {
        guard let (suffix, replacement) = longestRule(Self.step2Rules) else { return }
        let start = word.count - suffix.count
        guard start >= r1 else { return }
        let name = String(decoding: suffix, as: UTF16.self)
        if name == "ogi" {
            guard start >= 1 && word[start - 1] == UInt16(UInt8(ascii: "l")) else { return }
        } else if name == "li" {
            guard start >= 1 && Self.isValidLiEnding(word[start - 1]) else { return }
        }
        replaceSuffix(length: suffix.count, with: replacement)
    }

    private mutating func step3() {
        guard let (suffix, replacement) = longestRule(Self.step3Rules) else { return }
        let start = word.count - suffix.count
        guard start >= r1 else { return }
        if String(decoding: suffix, as: UTF16.self) == "ative" && start < r2 { return }
        replaceSuffix(length: suffix.count, with: replacement)
    }

    private mutating func step4() {
        guard let suffix = longestSuffix(Self.step4Suffixes) else { return }
        let start = word.count - suffix.count
        guard start >= r2 else { return }
        if String(decoding: suffix, as: UTF16.self) == "ion" {
            guard start >= 1 else { return }
            let before = word[start - 1]
            guard before == UInt16(UInt8(ascii: "s")) || before == UInt16(UInt8(ascii: "t")) else { return }
        }
        word.removeLast(suffix.count)
    }

    private mutating func step5() {
        guard let last = word.last else { return }
        let start = word.count - 1
        if last == UInt16(UInt8(ascii: "e")) {
            if start >= r2 || (start >= r1 && !endsWithShortSyllable(at: start)) { word.removeLast() }
        } else if last == UInt16(UInt8(ascii: "l")) {
            if start >= r2 && start >= 1 && word[start - 1] == UInt16(UInt8(ascii: "l")) { word.removeLast() }
        }
    }

    private func longestRule(_ rules: [([UInt16], String)]) -> ([UInt16], String)? {
        var best: ([UInt16], String)?
        for rule in rules where hasSuffix(rule.0) {
            if best == nil || rule.0.count > best!.0.count { best = rule }
        }
        return best
    }

    private mutating func postlude() {
        for i in word.indices where word[i] == Self.upperY { word[i] = Self.lowerY }
    }
}
