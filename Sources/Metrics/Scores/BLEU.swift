import Foundation

/// Corpus BLEU exactly as e2e-metrics' `pymteval.py` computes it: clipped n-gram precisions up to 4-grams,
/// geometric mean, brevity penalty against the closest reference length (ties go to the shorter one).
public struct BLEU: Sendable {
    public let maxOrder: Int
    private var hits: [Int]
    private var candidateLengths: [Int]
    private var referenceLength = 0

    public init(maxOrder: Int = 4) {
        self.maxOrder = maxOrder
        hits = Array(repeating: 0, count: maxOrder)
        candidateLengths = Array(repeating: 0, count: maxOrder)
    }

    /// Adds one segment given as lowercased token ids. Candidate lengths may go negative for very short
    /// outputs, as in the original (it adds `len - n` per order).
    mutating func append(candidate: [Int32], references: [[Int32]]) {
        for index in 0..<maxOrder {
            let n = index + 1
            let clip = NGramCounts.maxCounts(references, order: n)
            let counts = NGramCounts(candidate, order: n)
            var matched = 0
            for gram in counts.ordered { matched += min(clip[gram] ?? 0, counts[gram]) }
            hits[index] += matched
            candidateLengths[index] += candidate.count - index
        }
        var closest = references[0].count
        for reference in references.dropFirst() {
            let distance = abs(reference.count - candidate.count)
            let best = abs(closest - candidate.count)
            if distance < best || (distance == best && reference.count < closest) { closest = reference.count }
        }
        referenceLength += closest
    }

    /// The score in [0, 1].
    public var score: Double {
        var penalty = 1.0
        if candidateLengths[0] <= referenceLength {
            let length = candidateLengths[0] == 0 ? 1e-5 : Double(candidateLengths[0])
            penalty = exp(1.0 - Double(referenceLength) / length)
        }
        var logSum = 0.0
        for (matched, length) in zip(hits, candidateLengths) {
            let numerator = matched > 0 ? Double(matched) : 1e-15
            let denominator = Double(length) > 1e-9 ? Double(length) : 1e-9
            logSum += log(numerator / denominator)
        }
        return penalty * exp(logSum / Double(maxOrder))
    }
}
