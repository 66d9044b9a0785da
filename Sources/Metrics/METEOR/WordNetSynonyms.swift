import Foundation

/// METEOR's WordNet synonym dictionary: the synsets of each word form, irregular inflections
/// (`english.exceptions`) and WordNet's suffix-stripping morphology for regular ones.
public struct WordNetSynonyms: Sendable {
    private let synsetsByWord: [String: [Int32]]
    private let baseFormsByInflection: [String: [String]]

    /// Reads `english.synsets` (word line, then a line of synset ids) and `english.exceptions`
    /// (base form line, then a line of its irregular forms).
    public init(synsetsFile: URL, exceptionsFile: URL) throws {
        let synsets = try TextFileLines(url: synsetsFile)
        var synsetsByWord: [String: [Int32]] = [:]
        synsetsByWord.reserveCapacity(synsets.lines.count / 2 + 1)
        var i = 0
        while i < synsets.lines.count {
            guard i + 1 < synsets.lines.count else {
                throw METEORError.malformed(file: synsets.path, line: i + 1, reason: "word '\(synsets.lines[i])' has no synset line after it")
            }
            guard let ids = TextFileLines.integers(synsets.lines[i + 1]) else {
                let bad = TextFileLines.tokens(synsets.lines[i + 1]).first { Int32($0) == nil } ?? ""
                throw METEORError.malformed(file: synsets.path, line: i + 2, reason: "synset id '\(bad)' is not an integer")
            }
            synsetsByWord[synsets.lines[i]] = ids
            i += 2
        }
        let exceptions = try TextFileLines(url: exceptionsFile)
        var baseForms: [String: [String]] = [:]
        i = 0
        while i < exceptions.lines.count {
            guard i + 1 < exceptions.lines.count else {
                throw METEORError.malformed(file: exceptions.path, line: i + 1, reason: "base form '\(exceptions.lines[i])' has no line of inflections after it")
            }
            let base = exceptions.lines[i]
            for form in TextFileLines.tokens(exceptions.lines[i + 1]) {
                baseForms[String(form), default: []].append(base)
            }
            i += 2
        }
        self.synsetsByWord = synsetsByWord
        self.baseFormsByInflection = baseForms
    }

    /// The synsets of `word` itself plus those of its base form, sorted and unique;
    /// two words are synonyms when these sets meet.
    public func synsets(of word: String) -> [Int32] {
        var ids = synsetsByWord[word] ?? []
        if let bases = baseFormsByInflection[word] {
            for base in bases { ids.append(contentsOf: synsetsByWord[base] ?? []) }
        } else {
            ids.append(contentsOf: synsetsByWord[baseForm(of: word)] ?? [])
        }
        return Array(Set(ids)).sorted()
    }

    private static let suffixRules: [(suffix: String, ending: String)] = [
        ("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"), ("ies", "y"),
        ("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""),
        ("er", ""), ("est", ""), ("er", "e"), ("est", "e"),
    ]

    /// WordNet's regular morphology: the first suffix rewrite that yields a known word, else "".
    /// Words ending in "ss" and words of two letters or fewer are their own base.
    func baseForm(of word: String) -> String {
        if word.hasSuffix("ss") || word.utf16.count <= 2 { return word }
        for rule in Self.suffixRules where word.hasSuffix(rule.suffix) {
            let stem = String(word.utf16.dropLast(rule.suffix.utf16.count)) ?? ""
            let candidate = stem + rule.ending
            if synsetsByWord[candidate] != nil { return candidate }
        }
        return ""
    }
}
