/// The chosen alignment of a hypothesis to one reference, counted per module and word kind.
struct METEORAlignmentCounts {
    var hypothesisLength: Int
    var referenceLength: Int
    var hypothesisFunctionWords: Int
    var referenceFunctionWords: Int
    var hypothesisContentMatches: [Int]
    var referenceContentMatches: [Int]
    var hypothesisFunctionMatches: [Int]
    var referenceFunctionMatches: [Int]
    var chunks: Int
}

/// METEOR 1.5's aligner: collects candidate matches module by module, fixes the unambiguous ones,
/// then beam-searches the rest left to right over the reference for the best one-to-one alignment.
struct METEORAligner {
    let parameters: METEORParameters

    func align(_ hypothesis: AnalysedSentence, _ reference: AnalysedSentence) -> METEORAlignmentCounts {
        let n1 = hypothesis.words.count
        let n2 = reference.words.count
        var stage = MatchStage(hypothesisLength: n1, referenceLength: n2)
        // Identical sentences need exact matches only, which also avoids beam search errors.
        let identical = hypothesis.wordKeys == reference.wordKeys
        stage.matchExact(hypothesis, reference)
        if !identical {
            stage.matchStems(hypothesis, reference, module: METEORModule.stem.rawValue)
            stage.matchSynonyms(hypothesis, reference, module: METEORModule.synonym.rawValue)
            stage.matchParaphrases(hypothesis, reference, module: METEORModule.paraphrase.rawValue)
        }

        var search = AlignmentBeamSearch(stage: stage, hypothesisLength: n1, weights: parameters.alignmentWeights,
                                         beamSize: parameters.beamSize)
        let chosen = search.bestAlignment()

        let modules = METEORModule.allCases.count
        var counts = METEORAlignmentCounts(
            hypothesisLength: n1, referenceLength: n2,
            hypothesisFunctionWords: hypothesis.isFunctionWord.filter { $0 }.count,
            referenceFunctionWords: reference.isFunctionWord.filter { $0 }.count,
            hypothesisContentMatches: Array(repeating: 0, count: modules),
            referenceContentMatches: Array(repeating: 0, count: modules),
            hypothesisFunctionMatches: Array(repeating: 0, count: modules),
            referenceFunctionMatches: Array(repeating: 0, count: modules),
            chunks: 0)
        for case let match? in chosen {
            for k in 0..<match.matchLength {
                if hypothesis.isFunctionWord[match.matchStart + k] {
                    counts.hypothesisFunctionMatches[match.module] += 1
                } else {
                    counts.hypothesisContentMatches[match.module] += 1
                }
            }
            for k in 0..<match.length {
                if reference.isFunctionWord[match.start + k] {
                    counts.referenceFunctionMatches[match.module] += 1
                } else {
                    counts.referenceContentMatches[match.module] += 1
                }
            }
        }
        counts.chunks = Self.chunkCount(chosen)
        return counts
    }

    /// Chunks: maximal runs of matches contiguous and in the same order on both sides.
    static func chunkCount(_ chosen: [METEORMatch?]) -> Int {
        var chunks = 0
        var index = 0
        var lastMatchEnd = -1
        while index < chosen.count {
            if let match = chosen[index] {
                if lastMatchEnd != -1 && match.matchStart != lastMatchEnd { chunks += 1 }
                index = match.start + match.length
                lastMatchEnd = match.matchStart + match.matchLength
            } else {
                if lastMatchEnd != -1 {
                    chunks += 1
                    lastMatchEnd = -1
                }
                index += 1
            }
        }
        if lastMatchEnd != -1 { chunks += 1 }
        return chunks
    }
}
