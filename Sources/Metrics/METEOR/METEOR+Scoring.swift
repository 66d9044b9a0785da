/// The aggregate E2E scorer takes METEOR through this protocol, so it can also run without the data.
extension METEOR: METEORScoring {
    public func makeSegmentScorer() -> any METEORSegmentScoring { METEORSegmentScorer(meteor: self) }

    public func corpusScore(_ total: METEORStatistics) -> Double { total.score(parameters) }
}

/// METEOR over batches of items, keeping only the per-part analysers between batches: summed in item order, as
/// `corpusStatistics` adds them, the items' statistics give the batch score bit for bit.
final class METEORSegmentScorer: METEORSegmentScoring {
    private let meteor: METEOR
    private var analysers: [SentenceAnalyser] = []

    init(meteor: METEOR) { self.meteor = meteor }

    func statistics(hypotheses: [String], references: [[String]], firstItem: Int) throws -> [METEORStatistics] {
        guard hypotheses.count == references.count else {
            throw METEORError.countMismatch(hypotheses: hypotheses.count, referenceSets: references.count)
        }
        return try meteor.segmentStatistics(hypotheses, references, firstItem: firstItem, analysers: &analysers)
    }
}
