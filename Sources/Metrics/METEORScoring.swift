/// A corpus METEOR scorer, kept behind a protocol so `E2EScorer` does not depend on how METEOR is computed.
/// Hypotheses and references arrive coco-tokenised (lowercased, punctuation tokens removed). The corpus score comes
/// from the items' statistics summed in item order (`METEORStatistics.add`).
public protocol METEORScoring {
    /// A fresh scorer of items, fed a batch of items at a time, in order.
    func makeSegmentScorer() -> any METEORSegmentScoring

    /// The corpus score of the summed statistics.
    func corpusScore(_ total: METEORStatistics) -> Double
}

/// Items' METEOR statistics, a batch at a time (`firstItem` is the index of the batch's first item, for errors); it
/// may keep state between batches, never such that an item's statistics depend on the batches.
public protocol METEORSegmentScoring: AnyObject {
    func statistics(hypotheses: [String], references: [[String]], firstItem: Int) throws -> [METEORStatistics]
}
