import Foundation
import Testing
@testable import Metrics

@Suite("METEORStatistics scores and sums as the jar does")
struct METEORStatisticsTests {
    /// Four words each side, all exact content matches, in `chunks` chunks.
    static func exact(words: Double, chunks: Double) -> METEORStatistics {
        var s = METEORStatistics()
        s.hypothesisLength = words
        s.referenceLength = words
        s.hypothesisContentMatches[METEORModule.exact.rawValue] = words
        s.referenceContentMatches[METEORModule.exact.rawValue] = words
        s.chunks = chunks
        return s
    }

    @Test("an identical sentence in one chunk scores exactly 1")
    func perfectSegmentScoresOne() {
        #expect(Self.exact(words: 4, chunks: 1).score(.english) == 1.0)
    }

    @Test("more chunks over the same matches lower the score by the fragmentation penalty")
    func fragmentationPenalty() {
        let p = METEORParameters.english
        let score = Self.exact(words: 4, chunks: 2).score(p)
        let expected = 1.0 * (1.0 - p.gamma * Foundation.pow(2.0 / 4.0, p.beta))
        #expect(abs(score - expected) < 1e-15)
        #expect(score < Self.exact(words: 4, chunks: 1).score(p))
    }

    @Test("an empty hypothesis scores 0 rather than NaN")
    func emptyHypothesisScoresZero() {
        var s = METEORStatistics()
        s.referenceLength = 5
        #expect(s.score(.english) == 0)
    }

    @Test("summing leaves out the single chunk of perfect segments")
    func perfectSegmentsAddNoChunk() {
        var total = METEORStatistics()
        total.add(Self.exact(words: 4, chunks: 1))
        total.add(Self.exact(words: 3, chunks: 2))
        #expect(total.chunks == 2)
        #expect(total.hypothesisLength == 7)
        #expect(total.hypothesisMatches == 7)
    }

    @Test("function-word matches count with weight 1 - delta, stem matches with the stem weight; a fully matched single chunk has no penalty")
    func weightsApply() {
        var s = METEORStatistics()
        s.hypothesisLength = 2
        s.referenceLength = 2
        s.hypothesisFunctionWords = 1
        s.referenceFunctionWords = 1
        s.hypothesisFunctionMatches[METEORModule.exact.rawValue] = 1
        s.referenceFunctionMatches[METEORModule.exact.rawValue] = 1
        s.hypothesisContentMatches[METEORModule.stem.rawValue] = 1
        s.referenceContentMatches[METEORModule.stem.rawValue] = 1
        s.chunks = 1
        let p = METEORParameters.english
        let precision = (1 * p.moduleWeights[1] * p.delta + 1 * p.moduleWeights[0] * (1 - p.delta)) / (p.delta + (1 - p.delta))
        #expect(abs(s.score(p) - precision) < 1e-12)
        s.chunks = 2
        #expect(abs(s.score(p) - precision * (1 - p.gamma * Foundation.pow(2.0 / 2.0, p.beta))) < 1e-12)
    }
}
