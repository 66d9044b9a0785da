/// A corpus METEOR scorer, kept behind a protocol so `E2EScorer` does not depend on how METEOR is computed.
/// Hypotheses and references arrive coco-tokenised (lowercased, punctuation tokens removed).
public protocol METEORScoring {
    func corpusScore(hypotheses: [String], references: [[String]]) throws -> Double

    /// A fresh accumulator that takes the items a batch at a time, in order.
    func makeAccumulator() -> any METEORAccumulating
}

/// Corpus METEOR fed a batch of items at a time (`firstItem` is the index of the batch's first item, for errors).
public protocol METEORAccumulating: AnyObject {
    func add(hypotheses: [String], references: [[String]], firstItem: Int) throws
    func corpusScore() throws -> Double
}

extension METEORScoring {
    /// Scorers without an accumulator of their own see every item at once at the end (memory grows with the items).
    public func makeAccumulator() -> any METEORAccumulating { BufferingMETEORAccumulator(scorer: self) }
}

/// Keeps every item and scores them in one call at the end.
final class BufferingMETEORAccumulator: METEORAccumulating {
    private let scorer: any METEORScoring
    private var hypotheses: [String] = []
    private var references: [[String]] = []

    init(scorer: any METEORScoring) { self.scorer = scorer }

    func add(hypotheses: [String], references: [[String]], firstItem: Int) throws {
        self.hypotheses += hypotheses
        self.references += references
    }

    func corpusScore() throws -> Double { try scorer.corpusScore(hypotheses: hypotheses, references: references) }
}
