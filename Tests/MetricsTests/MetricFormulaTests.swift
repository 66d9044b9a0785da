import Foundation
import Testing
@testable import Metrics

/// Small cases whose values follow by hand from the formulas.
@Suite struct MetricFormulaTests {
    @Test func bleuIsOneForAnExactMatchAndBrevityPenaltyTakesTheShorterOfTwoEquallyCloseReferences() {
        let exact = E2EScorer.mtevalScores(predictions: ["a b c d e"], references: [["a b c d e"]])
        #expect(abs(exact.bleu - 1) < 1e-12)
        // Candidate of 4 tokens, references of 3 and 5 tokens: both at distance 1, the 3-token one is taken,
        // so there is no brevity penalty and BLEU is the plain precision mean.
        let tie = E2EScorer.mtevalScores(predictions: ["a b c d"], references: [["a b c", "a b c d e"]])
        #expect(abs(tie.bleu - 1) < 1e-12)
        let short = E2EScorer.mtevalScores(predictions: ["a b c d"], references: [["a b c d e f"]])
        #expect(abs(short.bleu - exp(1 - 6.0 / 4.0)) < 1e-12)
    }

    @Test func bleuClipsByTheLargestCountInAnySingleReference() {
        // "the" appears twice in the candidate, at most once per reference: one unigram hit is clipped.
        var vocabulary = TokenVocabulary()
        let candidate = vocabulary.ids(for: ["the", "the"])
        let references = [vocabulary.ids(for: ["the", "cat"]), vocabulary.ids(for: ["the", "dog"])]
        let clip = NGramCounts.maxCounts(references, order: 1)
        #expect(clip[NGram(candidate.prefix(1))] == 1)
    }

    @Test func nistLengthPenaltyFollowsTheNISTCurve() {
        #expect(NIST.lengthPenalty(systemLength: 10, averageReferenceLength: 10) == 1)
        #expect(NIST.lengthPenalty(systemLength: 0, averageReferenceLength: 10) == 0)
        // At two thirds of the reference length the penalty is exactly 0.5 by construction of beta.
        #expect(abs(NIST.lengthPenalty(systemLength: 2, averageReferenceLength: 3) - 0.5) < 1e-12)
    }

    @Test func rougeLUsesTheBestPrecisionAndRecallOverReferences() {
        // LCS 2 with both refs; best precision 2/2, best recall 2/3 (second ref).
        let score = ROUGEL().itemScore(candidate: "a b", references: ["a x b y z", "a b c"])
        let p = 1.0, r = 2.0 / 3.0, b2 = 1.44
        #expect(abs(score - (1 + b2) * p * r / (r + b2 * p)) < 1e-12)
        #expect(ROUGEL().itemScore(candidate: "", references: ["a b"]) == 0)
    }

    @Test func ciderGivesTenTimesFullSimilarityForACandidateEqualToItsOnlyReference() {
        // With two items the idf of item-specific n-grams is log 2 > 0; an identical candidate has cosine 1.
        let scores = CIDEr().itemScores(candidates: ["a b c d e", "v w x y z"], references: [["a b c d e"], ["v w x y z"]])
        #expect(abs(scores[0] - 10) < 1e-9)
        #expect(abs(scores[1] - 10) < 1e-9)
        let penalised = CIDEr().itemScores(candidates: ["a b c", "v w x y z"], references: [["a b c d e"], ["v w x y z"]])
        #expect(penalised[0] < 10 && penalised[0] > 0)
    }
}
