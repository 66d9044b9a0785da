/// The E2E scorer over a stream of items read twice, holding one batch of items at a time and the metrics'
/// sufficient statistics, so memory does not grow with the number of items beyond what the metrics need:
/// - first pass, references only: NIST's reference n-gram counts and CIDEr's document frequencies (both
///   bounded by the distinct n-grams of the references; the metrics weigh every match by them);
/// - second pass, every item: its statistics (`E2EItemStatistics`), added at once to BLEU's and NIST's sums,
///   ROUGE-L's and CIDEr's sums of item scores and METEOR's summed statistics.
/// The token vocabularies (and METEOR's word tables) grow with the distinct words only. Every sum is formed in
/// the order `E2EScorer` always used, so the scores are bit for bit the same for any batch size.
///
/// With a `sharing` (under mpirun), every process still makes the first pass over every item, but the second pass
/// over its own share only; the items' statistics are gathered, and every process adds them all in item order, as
/// one process does: the same scores, bit for bit.
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
    public func score<S: Sequence>(items: () throws -> S, referencesFile: String? = nil,
                                   sharing: E2EScoreSharing? = nil) throws -> E2EScores where S.Element == E2EItem {
        try score(source: { E2ESequenceItems(iterator: try items().makeIterator()) }, referencesFile: referencesFile,
                  sharing: sharing)
    }

    /// Scores the items of the sources `source()` makes: it is called twice, for the two readings, and each
    /// source must give the same items.
    public func score<Source: E2EItemSource>(source: () throws -> Source, referencesFile: String? = nil,
                                             sharing: E2EScoreSharing? = nil) throws -> E2EScores {
        let state = State(meteor: meteor)
        var total = 0
        var items = try source()
        try E2EItemBatches.forEach(&items, size: batchSize) { batch, lookahead, first in
            if let empty = batch.firstIndex(where: \.references.isEmpty) {
                throw MetricsError.emptyReferenceGroup(index: first + empty - batch.startIndex, file: referencesFile, line: nil)
            }
            state.addReferences(batch, lookahead: lookahead)
            total = first + batch.count
        }
        guard total > 0 else { throw MetricsError.noItems(file: nil) }
        if let sharing {
            let statistics = try sharing.spread(total) { share in
                var mine: [E2EItemStatistics] = []
                try itemStatistics(state, source: source, range: share, total: total) { mine.append($0) }
                return mine
            }
            guard statistics.count == total else { throw MetricsError.changedBetweenPasses(first: total, second: statistics.count) }
            for item in statistics { state.add(item) }
        } else {
            try itemStatistics(state, source: source, range: 0..<total, total: total) { state.add($0) }
        }
        return state.scores(items: total)
    }

    /// The second pass over the items of `range` (of the `total` the first pass read): each one's statistics, in
    /// order, to `body`. The share that ends the items also checks that the source holds no more.
    private func itemStatistics<Source: E2EItemSource>(_ state: State, source: () throws -> Source, range: Range<Int>,
                                                       total: Int, _ body: (E2EItemStatistics) -> Void) throws {
        guard !range.isEmpty else { return }
        var window = E2EItemWindow(try source(), range: range)
        try E2EItemBatches.forEach(&window, size: batchSize) { batch, lookahead, first in
            // Items past the range are read only as what the lexer sees after it.
            let keep = min(batch.count, range.count - first)
            guard keep > 0 else { return }
            let after = keep == batch.count ? lookahead : ArraySlice(Array(batch.dropFirst(keep)) + lookahead)
            for item in try state.itemStatistics(batch.prefix(keep), lookahead: after, firstItem: range.lowerBound + first) {
                body(item)
            }
        }
        let read = range.upperBound == total ? try window.countAll() : window.read
        guard read >= range.upperBound, range.upperBound < total || read == total else {
            throw MetricsError.changedBetweenPasses(first: total, second: read)
        }
    }

    /// What the two passes accumulate (a class: two threads update different parts of it at once).
    private final class State {
        var mteval = MTEvalStatistics()
        var coco = CocoLineCache()
        var cider = CIDEr.Accumulator(CIDEr())
        let meteor: (any METEORScoring)?
        let meteorItems: (any METEORSegmentScoring)?
        // The sums of the items' statistics that BLEU's and NIST's (in `mteval`) do not hold.
        var rougeLSum = 0.0
        var ciderSum = 0.0
        var meteorTotal = METEORStatistics()

        init(meteor: (any METEORScoring)?) {
            self.meteor = meteor
            meteorItems = meteor?.makeSegmentScorer()
        }

        func addReferences(_ batch: ArraySlice<E2EItem>, lookahead: ArraySlice<E2EItem>) {
            ScoringThreads.both({
                for item in batch { mteval.addReferences(item.references) }
            }, {
                for group in self.cocoReferences(batch, lookahead: lookahead) { cider.addReferences(group) }
            })
        }

        /// The statistics of a batch of items (after the first pass).
        func itemStatistics(_ batch: ArraySlice<E2EItem>, lookahead: ArraySlice<E2EItem>,
                            firstItem: Int) throws -> [E2EItemStatistics] {
            var mtevalItems: [(bleu: BLEU.Segment, nist: NIST.Segment)] = []
            var cocoReferences: [[String]] = []
            var cocoPredictions: [String] = []
            ScoringThreads.both({
                mtevalItems = batch.map { mteval.itemStatistics(prediction: $0.prediction, references: $0.references) }
            }, {
                // coco tokenises all references in one call and all predictions in another, in item order.
                cocoReferences = self.cocoReferences(batch, lookahead: lookahead)
                cocoPredictions = coco.tokenize(batch.map(\.prediction), lookahead: lookahead.map(\.prediction))
            })
            var ciderScores: [Double] = []
            var rougeLScores: [Double] = []
            ScoringThreads.both({
                ciderScores = zip(cocoPredictions, cocoReferences).map { cider.itemScore(candidate: $0, references: $1) }
            }, {
                let rougeL = ROUGEL()
                rougeLScores = zip(cocoPredictions, cocoReferences).map { rougeL.itemScore(candidate: $0, references: $1) }
            })
            let meteorScores = try meteorItems?.statistics(hypotheses: cocoPredictions, references: cocoReferences,
                                                           firstItem: firstItem)
            return mtevalItems.indices.map { index in
                E2EItemStatistics(bleu: mtevalItems[index].bleu, nist: mtevalItems[index].nist, meteor: meteorScores?[index],
                                  rougeL: rougeLScores[index], cider: ciderScores[index])
            }
        }

        /// The one reduction: adds an item's statistics to the corpus sums (items in order).
        func add(_ item: E2EItemStatistics) {
            mteval.add(bleu: item.bleu, nist: item.nist)
            rougeLSum += item.rougeL
            ciderSum += item.cider
            if let segment = item.meteor { meteorTotal.add(segment) }
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

        func scores(items: Int) -> E2EScores {
            let (bleu, nist) = mteval.scores
            return E2EScores(bleu: bleu, nist: nist, meteor: meteor?.corpusScore(meteorTotal), rougeL: rougeLSum / Double(items),
                             cider: ciderSum / Double(items))
        }
    }
}
