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

    /// One segment's share of the corpus counts: its clipped n-gram matches per order, its length and the closest
    /// reference length (ties go to the shorter one).
    public struct Segment: Codable, Sendable, Equatable {
        var hits: [Int]
        var candidateLength: Int
        var closestReferenceLength: Int
    }

    /// The counts of one segment whose n-gram statistics cover at least `maxOrder`.
    func segment(_ segment: SegmentNGrams) -> Segment {
        var hits: [Int] = []
        for index in 0..<maxOrder {
            let clip = segment.clip[index]
            let counts = segment.candidate[index]
            var matched = 0
            for gram in counts.ordered { matched += min(clip[gram] ?? 0, counts[gram]) }
            hits.append(matched)
        }
        let length = segment.candidateLength
        var closest = segment.referenceLengths[0]
        for reference in segment.referenceLengths.dropFirst() {
            let distance = abs(reference - length)
            let best = abs(closest - length)
            if distance < best || (distance == best && reference < closest) { closest = reference }
        }
        return Segment(hits: hits, candidateLength: length, closestReferenceLength: closest)
    }

    /// Adds one segment's counts. Candidate lengths may go negative for very short outputs, as in the original (it
    /// adds `len - n` per order).
    mutating func add(_ segment: Segment) {
        for index in 0..<maxOrder {
            hits[index] += segment.hits[index]
            candidateLengths[index] += segment.candidateLength - index
        }
        referenceLength += segment.closestReferenceLength
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
