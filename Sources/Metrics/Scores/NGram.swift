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

    mutating func ids(for tokens: [String]) -> [Int32] {
        tokens.map { token in
            if let id = ids[token] { return id }
            let id = Int32(ids.count)
            ids[token] = id
            return id
        }
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
        for sentence in sentences {
            for (gram, count) in NGramCounts(sentence, order: n).counts where count > merged[gram] ?? 0 {
                merged[gram] = count
            }
        }
        return merged
    }
}
