import Foundation

/// Corpus NIST exactly as e2e-metrics' `pymteval.py` computes it: information-weighted n-gram matches up to
/// 5-grams, weights from the reference counts of the whole corpus, and the NIST length penalty.
///
/// The weights need every reference before any match can be weighed, so NIST takes two passes: first every
/// segment's references (`addReferences`), then every segment's matches (`segment`, then `add`). It keeps the reference
/// n-gram counts (bounded by the distinct n-grams of the references) and one running sum per order; each
/// segment's sum is formed and added in the same order as the original, so the score is bit for bit its own.
public struct NIST: Sendable {
    public let maxOrder: Int
    /// Reference n-gram counts per order; order 0 holds the total reference length under the empty n-gram.
    private var referenceCounts: [[NGram: Int]]
    private var informationSums: [Double]
    private var candidateLengths: [Int]
    private var averageReferenceLength = 0.0

    static let beta = -log(0.5) / (log(1.5) * log(1.5))

    public init(maxOrder: Int = 5) {
        self.maxOrder = maxOrder
        referenceCounts = Array(repeating: [:], count: maxOrder + 1)
        for order in 1...maxOrder { referenceCounts[order].reserveCapacity(1 << 14) }
        informationSums = Array(repeating: 0, count: maxOrder)
        candidateLengths = Array(repeating: 0, count: maxOrder)
    }

    /// First pass: one segment's references, as lowercased token ids.
    mutating func addReferences(_ references: [[Int32]]) {
        for n in 1...maxOrder {
            for reference in references where reference.count >= n {
                for start in 0...(reference.count - n) {
                    referenceCounts[n][NGram(reference[start..<(start + n)]), default: 0] += 1
                }
            }
        }
        let totalReferenceLength = references.reduce(0) { $0 + $1.count }
        referenceCounts[0][NGram([Int32]()), default: 0] += totalReferenceLength
        averageReferenceLength += Double(totalReferenceLength) / Double(references.count)
    }

    /// One segment's share of the corpus sums: per order, the information of its clipped matches (summed in the
    /// original's order), and its length.
    public struct Segment: Codable, Sendable, Equatable {
        var information: [Double]
        var candidateLength: Int
    }

    /// Second pass, after every segment's references: the sums of one segment whose n-gram statistics cover at
    /// least `maxOrder`, weighed by the references of the whole corpus.
    func segment(_ segment: SegmentNGrams) -> Segment {
        var sums: [Double] = []
        for index in 0..<maxOrder {
            let clip = segment.clip[index]
            let counts = segment.candidate[index]
            var segmentSum = 0.0
            for gram in counts.ordered {
                let matched = min(counts[gram], clip[gram] ?? 0)
                if matched > 0 { segmentSum += information(gram) * Double(matched) }
            }
            sums.append(segmentSum)
        }
        return Segment(information: sums, candidateLength: segment.candidateLength)
    }

    /// Adds one segment's sums to the corpus sums.
    mutating func add(_ segment: Segment) {
        for index in 0..<maxOrder {
            candidateLengths[index] += segment.candidateLength - index
            informationSums[index] += segment.information[index]
        }
    }

    /// Information of an n-gram: log2 of (count of its prefix / count of the n-gram) over all references.
    private func information(_ gram: NGram) -> Double {
        guard let count = referenceCounts[gram.order][gram] else { return 0 }
        let prefixCount = referenceCounts[gram.order - 1][gram.prefix] ?? 0
        return log(Double(prefixCount) / Double(count)) / log(2.0)
    }

    public var score: Double {
        var sum = 0.0
        for index in 0..<maxOrder {
            // An empty total would divide by zero in the original; e2e-metrics forks count it as 1.
            let total = candidateLengths[index] == 0 ? 1 : candidateLengths[index]
            sum += informationSums[index] / Double(total)
        }
        return Self.lengthPenalty(systemLength: candidateLengths[0], averageReferenceLength: averageReferenceLength) * sum
    }

    static func lengthPenalty(systemLength: Int, averageReferenceLength: Double) -> Double {
        let ratio = Double(systemLength) / averageReferenceLength
        if ratio >= 1 { return 1 }
        if ratio <= 0 { return 0 }
        let logRatio = log(ratio)
        return exp(-beta * (logRatio * logRatio))
    }
}
