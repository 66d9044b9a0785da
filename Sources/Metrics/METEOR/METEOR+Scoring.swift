/// The aggregate E2E scorer takes METEOR through this protocol, so it can also run without the data.
extension METEOR: METEORScoring {
    /// Sums segment statistics batch by batch, keeping only the total and the per-part analysers.
    public func makeAccumulator() -> any METEORAccumulating { METEORStreamAccumulator(meteor: self) }
}

/// METEOR over batches of items: the corpus statistics are the sum of the segments' in item order, as
/// `corpusStatistics` adds them, so the score is bit for bit the batch one.
final class METEORStreamAccumulator: METEORAccumulating {
    private let meteor: METEOR
    private var analysers: [SentenceAnalyser] = []
    private var total = METEORStatistics()

    init(meteor: METEOR) { self.meteor = meteor }

    func add(hypotheses: [String], references: [[String]], firstItem: Int) throws {
        guard hypotheses.count == references.count else {
            throw METEORError.countMismatch(hypotheses: hypotheses.count, referenceSets: references.count)
        }
        for segment in try meteor.segmentStatistics(hypotheses, references, firstItem: firstItem, analysers: &analysers) {
            total.add(segment)
        }
    }

    func corpusScore() throws -> Double { total.score(meteor.parameters) }
}
