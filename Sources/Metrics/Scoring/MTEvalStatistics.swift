/// BLEU and NIST as `pymteval.py` computes them, fed in NIST's two passes: every item's references first,
/// then every item's prediction with its references (its statistics, then added to the sums in item order). Keeps
/// the token vocabulary, NIST's reference counts, the metrics' running sums and a bounded cache of tokenised
/// sentences; nothing per item.
struct MTEvalStatistics {
    private let tokenizer = MTEvalTokenizer()
    private var vocabulary = TokenVocabulary()
    private var bleu = BLEU()
    private var nist = NIST()
    /// Token ids of recent sentences: each reference is tokenised in both passes. Bounded: emptied when full.
    private var cache: [String: [Int32]] = [:]
    static let cacheLimit = 16_384

    private mutating func ids(_ sentence: String) -> [Int32] {
        if let known = cache[sentence] { return known }
        if cache.count >= Self.cacheLimit { cache.removeAll(keepingCapacity: true) }
        let ids = vocabulary.lowercasedIds(for: tokenizer.tokenize(sentence))
        cache[sentence] = ids
        return ids
    }

    /// First pass: one item's references.
    mutating func addReferences(_ group: [String]) {
        nist.addReferences(group.map { ids($0) })
    }

    /// Second pass: one item's BLEU and NIST statistics.
    mutating func itemStatistics(prediction: String, references group: [String]) -> (bleu: BLEU.Segment, nist: NIST.Segment) {
        let candidate = ids(prediction)
        let referenceIds = group.map { ids($0) }
        let segment = SegmentNGrams(candidate: candidate, references: referenceIds, maxOrder: max(bleu.maxOrder, nist.maxOrder))
        return (bleu.segment(segment), nist.segment(segment))
    }

    /// Adds one item's statistics to the corpus sums (items in order).
    mutating func add(bleu item: BLEU.Segment, nist segment: NIST.Segment) {
        bleu.add(item)
        nist.add(segment)
    }

    var scores: (bleu: Double, nist: Double) { (bleu.score, nist.score) }
}
