/// An n-gram of up to six interned token ids, packed into two words so it hashes without allocating.
struct NGram: Hashable, Sendable {
    private var low: UInt64
    private var high: UInt64
    /// Number of tokens.
    let order: Int

    /// Ids are stored +1 in 21-bit fields, so vocabularies up to two million tokens fit.
    init<C: Collection>(_ ids: C) where C.Element == Int32 {
        var low: UInt64 = 0
        var high: UInt64 = 0
        for (index, id) in ids.enumerated() {
            let field = UInt64(id + 1) & 0x1F_FFFF
            if index < 3 { low |= field << (21 * UInt64(index)) } else { high |= field << (21 * UInt64(index - 3)) }
        }
        self.low = low
        self.high = high
        self.order = ids.count
    }

    /// One mixed word instead of three fields: hashing dominates the scorer's time.
    func hash(into hasher: inout Hasher) {
        hasher.combine(low &* 0x9E37_79B9_7F4A_7C15 ^ high &+ UInt64(order))
    }

    /// What Dictionary and Set hash with: two rounds of a 64-bit finaliser (MurmurHash3's fmix64) over the
    /// packed fields and the table's seed, instead of a full SipHash per lookup (a fifth of the scorer's time).
    /// Equal n-grams hash equally; only bucket placement, never a score, depends on it.
    func _rawHashValue(seed: Int) -> Int {
        let first = mixedHash(low ^ UInt64(bitPattern: Int64(seed)) ^ UInt64(order) << 63)
        return Int(bitPattern: UInt(mixedHash(first ^ high &+ UInt64(order))))
    }

    static func == (a: NGram, b: NGram) -> Bool { a.low == b.low && a.high == b.high && a.order == b.order }

    /// The n-gram without its last token (the empty n-gram for unigrams).
    var prefix: NGram {
        let keep = order - 1
        var copy = self
        if keep < 3 {
            copy.low &= (UInt64(1) << (21 * UInt64(keep))) - 1
            copy.high = 0
        } else {
            copy.high &= (UInt64(1) << (21 * UInt64(keep - 3))) - 1
        }
        return NGram(low: copy.low, high: copy.high, order: keep)
    }

    private init(low: UInt64, high: UInt64, order: Int) {
        self.low = low
        self.high = high
        self.order = order
    }
}

/// Maps token strings to dense ids for one scoring run.
struct TokenVocabulary {
    private var ids: [String: Int32] = [:]
    private var lowercasedIds: [String: Int32] = [:]

    /// Ids of the tokens' lowercased forms (Python's `str.lower` and Swift's `lowercased` agree on these
    /// scripts); each distinct raw token is lowercased once.
    mutating func lowercasedIds(for tokens: [String]) -> [Int32] {
        tokens.map { token in
            if let id = lowercasedIds[token] { return id }
            let id = ids(for: [token.lowercased()])[0]
            lowercasedIds[token] = id
            return id
        }
    }

    mutating func ids(for tokens: [String]) -> [Int32] {
        tokens.map { token in
            if let id = ids[token] { return id }
            let id = Int32(ids.count)
            ids[token] = id
            return id
        }
    }
}

/// One segment's candidate n-gram counts and reference clipping limits for orders 1...maxOrder, computed
/// once and shared by BLEU and NIST.
struct SegmentNGrams {
    let candidateLength: Int
    let referenceLengths: [Int]
    /// Index n - 1 holds order n.
    let candidate: [NGramCounts]
    let clip: [[NGram: Int]]

    init(candidate ids: [Int32], references: [[Int32]], maxOrder: Int) {
        candidateLength = ids.count
        referenceLengths = references.map(\.count)
        candidate = (1...maxOrder).map { NGramCounts(ids, order: $0) }
        clip = (1...maxOrder).map { NGramCounts.maxCounts(references, order: $0) }
    }
}

/// N-gram counts of one sentence, remembering first-occurrence order so sums run in a fixed order.
struct NGramCounts {
    private(set) var counts: [NGram: Int] = [:]
    private(set) var ordered: [NGram] = []

    init(_ ids: [Int32], order n: Int) {
        guard ids.count >= n, n > 0 else { return }
        counts.reserveCapacity(ids.count)
        for start in 0...(ids.count - n) {
            let gram = NGram(ids[start..<(start + n)])
            if let count = counts[gram] {
                counts[gram] = count + 1
            } else {
                counts[gram] = 1
                ordered.append(gram)
            }
        }
    }

    subscript(gram: NGram) -> Int { counts[gram] ?? 0 }

    /// For each n-gram, its largest count in any one of `sentences` (the clipping limit BLEU and NIST use).
    static func maxCounts(_ sentences: [[Int32]], order n: Int) -> [NGram: Int] {
        var merged: [NGram: Int] = [:]
        merged.reserveCapacity(sentences.first.map { $0.count * 2 } ?? 0)
        for sentence in sentences {
            for (gram, count) in NGramCounts(sentence, order: n).counts where count > merged[gram] ?? 0 {
                merged[gram] = count
            }
        }
        return merged
    }
}
