import Foundation
import Testing
@testable import Metrics

/// The streamed scorer (two passes over the items, a batch at a time) against the metrics computed over all
/// items at once, bit for bit.
@Suite struct StreamScorerTests {
    /// The five scores the way `E2EScorer` computed them before it streamed: each metric over every item at once,
    /// coco tokenising all references in one call and all predictions in another.
    static func allAtOnce(predictions: [String], references: [[String]], meteor: METEOR?) throws -> E2EScores {
        let (bleu, nist) = E2EScorer.mtevalScores(predictions: predictions, references: references)
        let flat = CocoTokenizer().tokenize(references.flatMap { $0 })
        var offset = 0
        let cocoReferences = references.map { group in
            defer { offset += group.count }
            return Array(flat[offset..<(offset + group.count)])
        }
        let cocoPredictions = CocoTokenizer().tokenize(predictions)
        return E2EScores(bleu: bleu, nist: nist,
                         meteor: try meteor?.corpusScore(hypotheses: cocoPredictions, references: cocoReferences),
                         rougeL: ROUGEL().corpusScore(candidates: cocoPredictions, references: cocoReferences),
                         cider: CIDEr().corpusScore(candidates: cocoPredictions, references: cocoReferences))
    }

    static func streamed(predictions: [String], references: [[String]], meteor: METEOR?, batchSize: Int) throws -> E2EScores {
        try E2EStreamScorer(meteor: meteor, batchSize: batchSize).score(items: {
            zip(predictions, references).lazy.map { E2EItem(prediction: $0, references: $1) }
        })
    }

    @Test("streamed in batches of any size, 300 real E2E outputs score bit for bit as all at once (METEOR included)",
          arguments: [1, 7, 64, 1024])
    func streamedEqualsAllAtOnce(batchSize: Int) throws {
        let items = try FixtureRecipe.items(csv: "e2e/testset_w_refs.csv", step: 1)
        let predictions = Array(items.predictions.prefix(300))
        let references = Array(items.references.prefix(300))
        let meteor = try SharedMETEOR.get()
        let expected = try Self.allAtOnce(predictions: predictions, references: references, meteor: meteor)
        let scores = try Self.streamed(predictions: predictions, references: references, meteor: meteor, batchSize: batchSize)
        #expect(scores.bleu.bitPattern == expected.bleu.bitPattern, "BLEU \(scores.bleu) vs \(expected.bleu)")
        #expect(scores.nist.bitPattern == expected.nist.bitPattern, "NIST \(scores.nist) vs \(expected.nist)")
        #expect(scores.meteor?.bitPattern == expected.meteor?.bitPattern, "METEOR \(String(describing: scores.meteor))")
        #expect(scores.rougeL.bitPattern == expected.rougeL.bitPattern, "ROUGE-L \(scores.rougeL) vs \(expected.rougeL)")
        #expect(scores.cider.bitPattern == expected.cider.bitPattern, "CIDEr \(scores.cider) vs \(expected.cider)")
    }

    @Test("the dev set's 547 perturbed outputs, streamed in batches of 50, score as all at once")
    func devSetStreamedEqualsAllAtOnce() throws {
        let items = try FixtureRecipe.items(csv: "e2e/devset.csv", step: 1)
        let expected = try Self.allAtOnce(predictions: items.predictions, references: items.references, meteor: nil)
        let scores = try Self.streamed(predictions: items.predictions, references: items.references, meteor: nil, batchSize: 50)
        #expect(scores == expected)
    }

    /// The lexer reads past a line's end: "c." keeps its period only at the very end of the input.
    @Test("a batch is tokenised with the lines after it that the lexer reads, even through blank predictions")
    func batchesSeeTheLinesTheLexerReads() throws {
        // The first line's "c." loses its period only because "The" follows, past two blank lines.
        let predictions = ["Cheap food near B c.", "", "", "The Eagle is near the river.", "Fine etc.", "Mr.", "", "Near B c."]
        let references = predictions.map { _ in ["A reference etc."] }
        let whole = CocoTokenizer().tokenize(predictions)
        // The test means something only if a line alone tokenises differently.
        let alone = predictions.map { CocoTokenizer().tokenize([$0])[0] }
        #expect(alone != whole)
        for size in [1, 2, 4] {
            var streamed: [String] = []
            var cache = CocoLineCache()
            let items = zip(predictions, references).map { E2EItem(prediction: $0, references: $1) }
            try E2EItemBatches.forEach(items, size: size) { batch, lookahead, first in
                #expect(first == streamed.count)
                streamed += cache.tokenize(batch.map(\.prediction), lookahead: lookahead.map(\.prediction))
            }
            #expect(streamed == whole, "batches of \(size)")
            // Remembered lines give the same tokens.
            #expect(cache.tokenize(predictions, lookahead: []) == whole)
        }
    }

    @Test("a batch holds its items and a few after them, not the stream")
    func batchesHoldFewItems() throws {
        let items = try FixtureRecipe.items(csv: "e2e/devset.csv", step: 1)
        let stream = (0..<20_000).lazy.map { E2EItem(prediction: items.predictions[$0 % 547], references: items.references[$0 % 547]) }
        var largest = 0
        var seen = 0
        try E2EItemBatches.forEach(stream, size: 256) { batch, lookahead, first in
            #expect(first == seen)
            seen += batch.count
            largest = max(largest, batch.count + lookahead.count)
        }
        #expect(seen == 20_000)
        #expect(largest <= 256 + 8)
    }

    @Test("the statistics kept for CIDEr and NIST stop growing when the same items come again")
    func keptStatisticsAreBoundedByDistinctNGrams() throws {
        let items = try FixtureRecipe.items(csv: "e2e/devset.csv", step: 1)
        var cider = CIDEr.Accumulator(CIDEr())
        for group in items.references { cider.addReferences(group) }
        let once = cider.distinctNGrams
        for _ in 0..<5 { for group in items.references { cider.addReferences(group) } }
        #expect(once > 1000)
        #expect(cider.distinctNGrams == once)
    }

    @Test("an item without references and a source that changes between readings are named errors")
    func badStreamsAreErrors() throws {
        let good = E2EItem(prediction: "a pub", references: ["a pub"])
        #expect(throws: MetricsError.emptyReferenceGroup(index: 5, file: "refs.txt", line: nil)) {
            try E2EStreamScorer(batchSize: 2).score(items: {
                (0..<9).map { $0 == 5 ? E2EItem(prediction: "x", references: []) : good }
            }, referencesFile: "refs.txt")
        }
        final class Readings: @unchecked Sendable { var count = 0 }
        let readings = Readings()
        #expect(throws: MetricsError.changedBetweenPasses(first: 4, second: 3)) {
            try E2EStreamScorer(batchSize: 2).score(items: {
                readings.count += 1
                return Array(repeating: good, count: readings.count == 1 ? 4 : 3)
            })
        }
        #expect(throws: MetricsError.noItems(file: nil)) {
            try E2EStreamScorer().score(items: { [E2EItem]() })
        }
    }
}
