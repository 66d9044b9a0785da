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
            for i in hypothesis.words.indices where hypothesis.wordKeys[i] == reference.wordKeys[j] {
                add(METEORMatch(start: j, length: 1, matchStart: i, matchLength: 1, module: METEORModule.exact.rawValue))
            }
        }
    }

    /// Different words with the same Snowball stem.
    mutating func matchStems(_ hypothesis: AnalysedSentence, _ reference: AnalysedSentence, module: Int) {
        for j in reference.words.indices {
            for i in hypothesis.words.indices
            where hypothesis.stemKeys[i] == reference.stemKeys[j] && hypothesis.wordKeys[i] != reference.wordKeys[j] {
                add(METEORMatch(start: j, length: 1, matchStart: i, matchLength: 1, module: module))
            }
        }
    }

    /// Different words sharing a WordNet synset.
    mutating func matchSynonyms(_ hypothesis: AnalysedSentence, _ reference: AnalysedSentence, module: Int) {
        for j in reference.words.indices where !reference.synsets[j].isEmpty {
            for i in hypothesis.words.indices
            where hypothesis.wordKeys[i] != reference.wordKeys[j] && Self.intersects(hypothesis.synsets[i], reference.synsets[j]) {
                add(METEORMatch(start: j, length: 1, matchStart: i, matchLength: 1, module: module))
            }
        }
    }

    /// Phrases of one side whose table paraphrase occurs in the other: first reference phrases
    /// found in the hypothesis, then hypothesis phrases found in the reference.
    mutating func matchParaphrases(_ hypothesis: AnalysedSentence, _ reference: AnalysedSentence, module: Int) {
        hypothesis.phraseIDs.withUnsafeBufferPointer { hypothesisIDs in
            for j in reference.words.indices {
                for path in reference.paraphrasePaths[j] {
                    let length = path.paraphraseLength
                    let stride = hypothesis.longestPhrase
                    guard length >= 1, length <= stride, length <= hypothesis.count else { continue }
                    var i = 0
                    while i <= hypothesis.count - length {
                        if hypothesisIDs[i * stride + length - 1] == path.paraphrase {
                            add(METEORMatch(start: j, length: path.length, matchStart: i, matchLength: length, module: module))
                        }
                        i += 1
                    }
                }
            }
        }
        reference.phraseIDs.withUnsafeBufferPointer { referenceIDs in
            for i in hypothesis.words.indices {
                for path in hypothesis.paraphrasePaths[i] {
                    let length = path.paraphraseLength
                    let stride = reference.longestPhrase
                    guard length >= 1, length <= stride, length <= reference.count else { continue }
                    var j = 0
                    while j <= reference.count - length {
                        if referenceIDs[j * stride + length - 1] == path.paraphrase {
                            add(METEORMatch(start: j, length: length, matchStart: i, matchLength: path.length, module: module))
                        }
                        j += 1
                    }
                }
            }
        }
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
