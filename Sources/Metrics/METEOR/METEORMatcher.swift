/// The four METEOR matching modules, in the order the aligner runs them.
public enum METEORModule: Int, Sendable, CaseIterable {
    case exact = 0, stem, synonym, paraphrase
}

/// A candidate correspondence: reference words `start..<start+length` with hypothesis words
/// `matchStart..<matchStart+matchLength`, found by `module`.
struct METEORMatch: Equatable {
    var start: Int
    var length: Int
    var matchStart: Int
    var matchLength: Int
    var module: Int
}

/// A tokenised sentence with everything the matchers look up, computed once per sentence.
struct AnalysedSentence {
    var words: [String]
    var stems: [String]
    var synsets: [[Int32]]
    var paraphraseWordIDs: [Int32]
    var isFunctionWord: [Bool]
}

/// All candidate matches between a hypothesis and a reference, grouped by reference start position,
/// with how many candidates cover each word of either side.
struct MatchStage {
    var matches: [[METEORMatch]]
    var hypothesisCoverage: [Int]
    var referenceCoverage: [Int]

    init(hypothesisLength: Int, referenceLength: Int) {
        matches = Array(repeating: [], count: referenceLength)
        hypothesisCoverage = Array(repeating: 0, count: hypothesisLength)
        referenceCoverage = Array(repeating: 0, count: referenceLength)
    }

    mutating func add(_ match: METEORMatch) {
        matches[match.start].append(match)
        for k in 0..<match.matchLength { hypothesisCoverage[match.matchStart + k] += 1 }
        for k in 0..<match.length { referenceCoverage[match.start + k] += 1 }
    }

    /// Identical words.
    mutating func matchExact(_ hypothesis: AnalysedSentence, _ reference: AnalysedSentence) {
        for j in reference.words.indices {
            for i in hypothesis.words.indices where hypothesis.words[i] == reference.words[j] {
                add(METEORMatch(start: j, length: 1, matchStart: i, matchLength: 1, module: METEORModule.exact.rawValue))
            }
        }
    }

    /// Different words with the same Snowball stem.
    mutating func matchStems(_ hypothesis: AnalysedSentence, _ reference: AnalysedSentence, module: Int) {
        for j in reference.words.indices {
            for i in hypothesis.words.indices
            where hypothesis.stems[i] == reference.stems[j] && hypothesis.words[i] != reference.words[j] {
                add(METEORMatch(start: j, length: 1, matchStart: i, matchLength: 1, module: module))
            }
        }
    }

    /// Different words sharing a WordNet synset.
    mutating func matchSynonyms(_ hypothesis: AnalysedSentence, _ reference: AnalysedSentence, module: Int) {
        for j in reference.words.indices where !reference.synsets[j].isEmpty {
            for i in hypothesis.words.indices
            where hypothesis.words[i] != reference.words[j] && Self.intersects(hypothesis.synsets[i], reference.synsets[j]) {
                add(METEORMatch(start: j, length: 1, matchStart: i, matchLength: 1, module: module))
            }
        }
    }

    /// Phrases of one side whose table paraphrase occurs in the other: first reference phrases
    /// found in the hypothesis, then hypothesis phrases found in the reference.
    mutating func matchParaphrases(_ hypothesis: AnalysedSentence, _ reference: AnalysedSentence,
                                   table: ParaphraseTable, module: Int) {
        let hyp = hypothesis.paraphraseWordIDs
        let ref = reference.paraphraseWordIDs
        for j in ref.indices {
            for (length, paraphrase) in Self.tablePaths(ref, from: j, table: table) {
                for i in hyp.indices where Self.occurs(paraphrase, in: hyp, at: i) {
                    add(METEORMatch(start: j, length: length, matchStart: i, matchLength: paraphrase.count, module: module))
                }
            }
        }
        for i in hyp.indices {
            for (length, paraphrase) in Self.tablePaths(hyp, from: i, table: table) {
                for j in ref.indices where Self.occurs(paraphrase, in: ref, at: j) {
                    add(METEORMatch(start: j, length: paraphrase.count, matchStart: i, matchLength: length, module: module))
                }
            }
        }
    }

    /// Every (source phrase length, paraphrase) for phrases of `words` starting at `start`, shortest first.
    private static func tablePaths(_ words: [Int32], from start: Int, table: ParaphraseTable) -> [(Int, ArraySlice<Int32>)] {
        var paths: [(Int, ArraySlice<Int32>)] = []
        let longest = min(table.longestPhrase, words.count - start)
        guard longest > 0 else { return paths }
        words.withUnsafeBufferPointer { buffer in
            for length in 1...longest {
                if buffer[start + length - 1] < 0 { break }
                for paraphrase in table.paraphrases(of: UnsafeBufferPointer(rebasing: buffer[start..<(start + length)])) {
                    paths.append((length, paraphrase))
                }
            }
        }
        return paths
    }

    private static func occurs(_ phrase: ArraySlice<Int32>, in words: [Int32], at position: Int) -> Bool {
        guard position + phrase.count <= words.count else { return false }
        var k = position
        for word in phrase {
            if words[k] != word { return false }
            k += 1
        }
        return true
    }

    private static func intersects(_ a: [Int32], _ b: [Int32]) -> Bool {
        var i = 0
        var j = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { return true }
            if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return false
    }
}
