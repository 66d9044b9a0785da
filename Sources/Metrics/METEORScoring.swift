/// A corpus METEOR scorer, kept behind a protocol so `E2EScorer` does not depend on how METEOR is computed.
/// Hypotheses and references arrive coco-tokenised (lowercased, punctuation tokens removed).
public protocol METEORScoring {
    func corpusScore(hypotheses: [String], references: [[String]]) throws -> Double
}
