import Foundation

/// CIDEr as the coco-caption copy bundled with e2e-metrics computes it (the "CIDEr-D" variant): tf-idf vectors
/// of 1- to 4-grams with document frequencies from the references of the scored set, clipped cosine
/// similarity, a Gaussian length penalty (sigma 6) on the difference of bigram counts, times 10.
public struct CIDEr: Sendable {
    public let maxOrder: Int
    public let sigma: Double

    public init(maxOrder: Int = 4, sigma: Double = 6) {
        self.maxOrder = maxOrder
        self.sigma = sigma
    }

    /// Per-item scores for coco-tokenised candidates and references (tokens split on whitespace).
    public func itemScores(candidates: [String], references: [[String]]) -> [Double] {
        var vocabulary = TokenVocabulary()
        let candidateIds = candidates.map { vocabulary.ids(for: $0.split(whereSeparator: \.isWhitespace).map(String.init)) }
        let referenceIds = references.map { group in
            group.map { vocabulary.ids(for: $0.split(whereSeparator: \.isWhitespace).map(String.init)) }
        }
        let candidateCounts = candidateIds.map { counts(of: $0) }
        let referenceCounts = referenceIds.map { $0.map { counts(of: $0) } }

        var documentFrequency: [NGram: Int] = [:]
        for group in referenceCounts {
            var seen = Set<NGram>()
            for reference in group { for gram in reference.ordered { seen.insert(gram) } }
            for gram in seen { documentFrequency[gram, default: 0] += 1 }
        }
        let logDocuments = log(Double(referenceCounts.count))

        return zip(candidateCounts, referenceCounts).map { candidate, group in
            let hypothesis = weights(candidate, documentFrequency: documentFrequency, logDocuments: logDocuments)
            var total = [Double](repeating: 0, count: maxOrder)
            for reference in group {
                let target = weights(reference, documentFrequency: documentFrequency, logDocuments: logDocuments)
                let similarity = self.similarity(hypothesis, target)
                for n in 0..<maxOrder { total[n] += similarity[n] }
            }
            var mean = 0.0
            for value in total { mean += value }
            mean /= Double(maxOrder)
            return mean / Double(group.count) * 10.0
        }
    }

    /// Mean of the item scores.
    public func corpusScore(candidates: [String], references: [[String]]) -> Double {
        let scores = itemScores(candidates: candidates, references: references)
        guard !scores.isEmpty else { return 0 }
        return scores.reduce(0, +) / Double(scores.count)
    }

    /// All 1..maxOrder-gram counts of a sentence, in first-occurrence order (order by order).
    struct SentenceCounts {
        var counts: [NGram: Int] = [:]
        var ordered: [NGram] = []
    }

    private func counts(of ids: [Int32]) -> SentenceCounts {
        var result = SentenceCounts()
        for n in 1...maxOrder {
            let grams = NGramCounts(ids, order: n)
            for gram in grams.ordered {
                result.counts[gram] = grams[gram]
                result.ordered.append(gram)
            }
        }
        return result
    }

    struct WeightVector {
        var weights: [NGram: Double]
        var ordered: [NGram]
        var norms: [Double]
        /// The original counts bigrams here (its index 1), not words; kept for exactness.
        var length: Int
    }

    private func weights(_ sentence: SentenceCounts, documentFrequency: [NGram: Int], logDocuments: Double) -> WeightVector {
        var weights: [NGram: Double] = [:]
        var squares = [Double](repeating: 0, count: maxOrder)
        var length = 0
        for gram in sentence.ordered {
            let termFrequency = sentence.counts[gram] ?? 0
            let df = log(max(1.0, Double(documentFrequency[gram] ?? 0)))
            let weight = Double(termFrequency) * (logDocuments - df)
            weights[gram] = weight
            squares[gram.order - 1] += weight * weight
            if gram.order == 2 { length += termFrequency }
        }
        return WeightVector(weights: weights, ordered: sentence.ordered, norms: squares.map { $0.squareRoot() }, length: length)
    }

    private func similarity(_ hypothesis: WeightVector, _ reference: WeightVector) -> [Double] {
        let delta = Double(hypothesis.length - reference.length)
        let penalty = exp(-(delta * delta) / (2 * sigma * sigma))
        var values = [Double](repeating: 0, count: maxOrder)
        for gram in hypothesis.ordered {
            let mine = hypothesis.weights[gram] ?? 0
            let theirs = reference.weights[gram] ?? 0
            values[gram.order - 1] += min(mine, theirs) * theirs
        }
        for n in 0..<maxOrder {
            if hypothesis.norms[n] != 0, reference.norms[n] != 0 { values[n] /= hypothesis.norms[n] * reference.norms[n] }
            values[n] *= penalty
        }
        return values
    }
}
