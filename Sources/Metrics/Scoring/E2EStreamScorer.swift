/// The E2E scorer over a stream of items read twice, holding one batch of items at a time and the metrics'
/// sufficient statistics, so memory does not grow with the number of items beyond what the metrics need:
/// - first pass, references only: NIST's reference n-gram counts and CIDEr's document frequencies (both
///   bounded by the distinct n-grams of the references; the metrics weigh every match by them);
/// - second pass, every item: BLEU's and NIST's sums, ROUGE-L's and CIDEr's sums of item scores, METEOR's
///   summed statistics.
/// The token vocabularies (and METEOR's word tables) grow with the distinct words only. Every sum is formed in
/// the order `E2EScorer` always used, so the scores are bit for bit the same for any batch size.
public struct E2EStreamScorer {
    public var meteor: (any METEORScoring)?
    /// Items per batch (each batch runs on two threads).
    public var batchSize: Int

    public init(meteor: (any METEORScoring)? = nil, batchSize: Int = 1024) {
        self.meteor = meteor
        self.batchSize = max(1, batchSize)
    }

    /// Scores the items `items()` yields; it is called twice and must yield the same items both times.
    /// An item without references is an error naming it (with `referencesFile`).
    public func score<S: Sequence>(items: () throws -> S, referencesFile: String? = nil) throws -> E2EScores
    where S.Element == E2EItem {
        try score(source: { E2ESequenceItems(iterator: try items().makeIterator()) }, referencesFile: referencesFile)
    }

    /// Scores the items of the sources `source()` makes: it is called twice, for the two readings, and each
    /// source must give the same items.
    public func score<Source: E2EItemSource>(source: () throws -> Source, referencesFile: String? = nil) throws -> E2EScores {
        let state = State(meteor: meteor?.makeAccumulator())
        var firstPass = 0
        var items = try source()
        try E2EItemBatches.forEach(&items, size: batchSize) { batch, lookahead, first in
            if let empty = batch.firstIndex(where: \.references.isEmpty) {
                throw MetricsError.emptyReferenceGroup(index: first + empty - batch.startIndex, file: referencesFile, line: nil)
            }
            state.addReferences(batch, lookahead: lookahead)
            firstPass = first + batch.count
        }
        guard firstPass > 0 else { throw MetricsError.noItems(file: nil) }
        var secondPass = 0
        items = try source()
        try E2EItemBatches.forEach(&items, size: batchSize) { batch, lookahead, first in
            secondPass = first + batch.count
            if secondPass <= firstPass { try state.addItems(batch, lookahead: lookahead, firstItem: first) }
        }
        guard secondPass == firstPass else { throw MetricsError.changedBetweenPasses(first: firstPass, second: secondPass) }
        return try state.scores(items: secondPass)
    }

    /// What the two passes accumulate (a class: two threads update different parts of it at once).
    private final class State {
        var mteval = MTEvalStatistics()
        var coco = CocoLineCache()
        var cider = CIDEr.Accumulator(CIDEr())
        var rougeLSum = 0.0
        let meteor: (any METEORAccumulating)?

        init(meteor: (any METEORAccumulating)?) { self.meteor = meteor }

        func addReferences(_ batch: ArraySlice<E2EItem>, lookahead: ArraySlice<E2EItem>) {
            ScoringThreads.both({
                for item in batch { mteval.addReferences(item.references) }
            }, {
                for group in self.cocoReferences(batch, lookahead: lookahead) { cider.addReferences(group) }
            })
        }

        func addItems(_ batch: ArraySlice<E2EItem>, lookahead: ArraySlice<E2EItem>, firstItem: Int) throws {
            var cocoReferences: [[String]] = []
            var cocoPredictions: [String] = []
            ScoringThreads.both({
                for item in batch { mteval.addItem(prediction: item.prediction, references: item.references) }
            }, {
                // coco tokenises all references in one call and all predictions in another, in item order.
                cocoReferences = self.cocoReferences(batch, lookahead: lookahead)
                cocoPredictions = coco.tokenize(batch.map(\.prediction), lookahead: lookahead.map(\.prediction))
            })
            ScoringThreads.both({
                for (candidate, group) in zip(cocoPredictions, cocoReferences) { cider.addItem(candidate: candidate, references: group) }
            }, {
                let rougeL = ROUGEL()
                for (candidate, group) in zip(cocoPredictions, cocoReferences) {
                    rougeLSum += rougeL.itemScore(candidate: candidate, references: group)
                }
            })
            try meteor?.add(hypotheses: cocoPredictions, references: cocoReferences, firstItem: firstItem)
        }

        /// A batch's references coco-tokenised, grouped per item.
        func cocoReferences(_ batch: ArraySlice<E2EItem>, lookahead: ArraySlice<E2EItem>) -> [[String]] {
            let flat = coco.tokenize(batch.flatMap(\.references), lookahead: lookahead.flatMap(\.references))
            var groups: [[String]] = []
            groups.reserveCapacity(batch.count)
            var offset = 0
            for item in batch {
                groups.append(Array(flat[offset..<(offset + item.references.count)]))
                offset += item.references.count
            }
            return groups
        }

        func scores(items: Int) throws -> E2EScores {
            let (bleu, nist) = mteval.scores
            return E2EScores(bleu: bleu, nist: nist, meteor: try meteor?.corpusScore(), rougeL: rougeLSum / Double(items),
                             cider: cider.corpusScore)
        }
    }
}
