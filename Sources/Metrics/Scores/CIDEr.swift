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
        var accumulator = Accumulator(self)
        for group in references { accumulator.addReferences(group) }
        return zip(candidates, references).map { accumulator.itemScore(candidate: $0, references: $1) }
    }

    /// Mean of the item scores.
    public func corpusScore(candidates: [String], references: [[String]]) -> Double {
        let scores = itemScores(candidates: candidates, references: references)
        guard !scores.isEmpty else { return 0 }
        return scores.reduce(0, +) / Double(scores.count)
    }

    /// CIDEr in two passes over the items, as its document frequencies need: first every item's references
    /// (`addReferences`), then every item (`addItem`). Memory holds the vocabulary, the document frequencies
    /// (bounded by the distinct n-grams of the references: inherent to the metric) and one item's vectors;
    /// the arithmetic is that of scoring all items at once (the corpus score is the mean of the item scores, summed
    /// in item order by the caller).
    struct Accumulator {
        let cider: CIDEr
        private var vocabulary = TokenVocabulary()
        /// In how many items' reference sets each n-gram occurs (and the last item that counted it).
        private var documentFrequency: [NGram: (count: Int, lastItem: Int)] = [:]
        private var referenceGroups = 0

        init(_ cider: CIDEr) { self.cider = cider }

        private mutating func vector(_ sentence: String) -> SentenceVector {
            SentenceVector(vocabulary.ids(for: CIDEr.whitespaceTokens(sentence)), maxOrder: cider.maxOrder)
        }

        /// First pass: one item's references.
        mutating func addReferences(_ group: [String]) {
            let item = referenceGroups
            for sentence in group {
                for gram in vector(sentence).ordered {
                    let entry = documentFrequency[gram]
                    if entry?.lastItem != item { documentFrequency[gram] = ((entry?.count ?? 0) + 1, item) }
                }
            }
            referenceGroups += 1
        }

        private mutating func weighed(_ sentence: String, logDocuments: Double) -> SentenceVector {
            var result = vector(sentence)
            result.weigh(logDocuments: logDocuments, maxOrder: cider.maxOrder) { documentFrequency[$0]?.count ?? 0 }
            return result
        }

        /// Second pass, after every item's references: one item's score.
        mutating func itemScore(candidate: String, references group: [String]) -> Double {
            let logDocuments = log(Double(referenceGroups))
            let referenceVectors = group.map { weighed($0, logDocuments: logDocuments) }
            let hypothesis = weighed(candidate, logDocuments: logDocuments)
            let maxOrder = cider.maxOrder
            var total = [Double](repeating: 0, count: maxOrder)
            for reference in referenceVectors {
                let similarity = cider.similarity(hypothesis, reference)
                for n in 0..<maxOrder { total[n] += similarity[n] }
            }
            var mean = 0.0
            for value in total { mean += value }
            mean /= Double(maxOrder)
            return mean / Double(group.count) * 10.0
        }

        /// N-grams with a document frequency (what the first pass keeps).
        var distinctNGrams: Int { documentFrequency.count }
    }

    /// Python's `str.split()`: runs of whitespace separate tokens.
    static func whitespaceTokens(_ sentence: String) -> [String] {
        let scalars = Array(sentence.unicodeScalars)
        var tokens: [String] = []
        var start: Int?
        for (index, s) in scalars.enumerated() {
            if MTEvalTokenizer.isPythonWhitespace(s) {
                if let first = start { tokens.append(String(scalars: scalars[first..<index])); start = nil }
            } else if start == nil {
                start = index
            }
        }
        if let first = start { tokens.append(String(scalars: scalars[first...])) }
        return tokens
    }

    /// A sentence's 1...maxOrder-grams in first-occurrence order (order by order) with counts and tf-idf weights.
    struct SentenceVector {
        var ordered: [NGram] = []
        var termFrequency: [Int] = []
        var position: [NGram: Int] = [:]
        var weights: [Double] = []
        var norms: [Double] = []
        /// The original counts bigrams here (its index 1), not words; kept for exactness.
        var length = 0

        init(_ ids: [Int32], maxOrder: Int) {
            position.reserveCapacity(ids.count * maxOrder)
            for n in 1...maxOrder where ids.count >= n {
                for start in 0...(ids.count - n) {
                    let gram = NGram(ids[start..<(start + n)])
                    if let index = position[gram] {
                        termFrequency[index] += 1
                    } else {
                        position[gram] = ordered.count
                        ordered.append(gram)
                        termFrequency.append(1)
                    }
                }
            }
        }

        mutating func weigh(logDocuments: Double, maxOrder: Int, documentFrequency: (NGram) -> Int) {
            var squares = [Double](repeating: 0, count: maxOrder)
            weights = []
            weights.reserveCapacity(ordered.count)
            length = 0
            for (gram, frequency) in zip(ordered, termFrequency) {
                let weight = Double(frequency) * (logDocuments - log(max(1.0, Double(documentFrequency(gram)))))
                weights.append(weight)
                squares[gram.order - 1] += weight * weight
                if gram.order == 2 { length += frequency }
            }
            norms = squares.map { $0.squareRoot() }
        }
    }

    fileprivate func similarity(_ hypothesis: SentenceVector, _ reference: SentenceVector) -> [Double] {
        let delta = Double(hypothesis.length - reference.length)
        let penalty = exp(-(delta * delta) / (2 * sigma * sigma))
        var values = [Double](repeating: 0, count: maxOrder)
        for (gram, mine) in zip(hypothesis.ordered, hypothesis.weights) {
            let theirs = reference.position[gram].map { reference.weights[$0] } ?? 0
            values[gram.order - 1] += min(mine, theirs) * theirs
        }
        for n in 0..<maxOrder {
            if hypothesis.norms[n] != 0, reference.norms[n] != 0 { values[n] /= hypothesis.norms[n] * reference.norms[n] }
            values[n] *= penalty
        }
        return values
    }
}
