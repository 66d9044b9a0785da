import Foundation
import Testing
@testable import Metrics

/// The four n-gram metrics against the official scorer's numbers recorded by tools/make_metric_fixtures.py.
@Suite struct ScoreParityTests {
    static let tolerance = 1e-4

    /// The recipe must first rebuild exactly the Python script's predictions, else the numbers mean nothing.
    @Test(arguments: ["test-every-item", "dev-every-item"])
    func bleuNistRougeLAndCiderMatchTheOfficialScorer(on name: String) throws {
        let fixtures = try MetricFixtures.load()
        let set = try #require(fixtures.sets.first { $0.name == name })
        let items = try FixtureRecipe.items(csv: set.source, step: set.step)
        #expect(items.predictions.count == set.items, "\(set.name)")
        #expect(FixtureRecipe.sha256(lines: items.predictions) == set.predictionsSHA256, "\(set.name)")
        let scores = try E2EScorer().score(predictions: items.predictions, references: items.references)
        #expect(abs(scores.bleu - set.bleu) <= Self.tolerance, "\(set.name) BLEU \(scores.bleu) vs \(set.bleu)")
        #expect(abs(scores.nist - set.nist) <= Self.tolerance, "\(set.name) NIST \(scores.nist) vs \(set.nist)")
        #expect(abs(scores.rougeL - set.rougeL) <= Self.tolerance, "\(set.name) ROUGE-L \(scores.rougeL) vs \(set.rougeL)")
        #expect(abs(scores.cider - set.cider) <= Self.tolerance, "\(set.name) CIDEr \(scores.cider) vs \(set.cider)")
        #expect(scores.meteor == nil)
    }

    @Test func handwrittenSentencesScoreAsTheOfficialScorerDoes() throws {
        let set = try MetricFixtures.load().handwritten
        let scores = try E2EScorer().score(predictions: set.predictions, references: set.references)
        #expect(abs(scores.bleu - set.bleu) <= Self.tolerance, "BLEU \(scores.bleu) vs \(set.bleu)")
        #expect(abs(scores.nist - set.nist) <= Self.tolerance, "NIST \(scores.nist) vs \(set.nist)")
        #expect(abs(scores.rougeL - set.rougeL) <= Self.tolerance, "ROUGE-L \(scores.rougeL) vs \(set.rougeL)")
        #expect(abs(scores.cider - set.cider) <= Self.tolerance, "CIDEr \(scores.cider) vs \(set.cider)")
    }

    @Test func suppliedMeteorScorerReceivesCocoTokensGroupedPerItem() throws {
        struct RecordingMETEOR: METEORScoring {
            let box: Box
            final class Box: METEORSegmentScoring, @unchecked Sendable {
                var hypotheses: [String] = []
                var references: [[String]] = []
                func statistics(hypotheses: [String], references: [[String]], firstItem: Int) throws -> [METEORStatistics] {
                    self.hypotheses += hypotheses
                    self.references += references
                    return hypotheses.map { _ in METEORStatistics() }
                }
            }
            func makeSegmentScorer() -> any METEORSegmentScoring { box }
            func corpusScore(_ total: METEORStatistics) -> Double { 0.5 }
        }
        let box = RecordingMETEOR.Box()
        let scores = try E2EScorer(meteor: RecordingMETEOR(box: box))
            .score(predictions: ["It's £20-25.", "Fine."], references: [["It is cheap, (very)!"], ["A.", "B c."]])
        #expect(scores.meteor == 0.5)
        #expect(box.hypotheses == ["it 's # 20-25", "fine"])
        // A single letter keeps its period at the end of the input, as the jar does.
        #expect(box.references == [["it is cheap -lrb- very -rrb-"], ["a.", "b c."]])
    }
}
