/// Applies GPT-2's merges to one piece: repeatedly joins the adjacent pair with the best (lowest) rank.
struct BytePairMerger: Sendable {
    /// Rank and result of each mergeable pair, keyed by `left << 32 | right`.
    private let merges: [UInt64: (rank: Int32, merged: Int32)]
    /// The token id of each single byte.
    let byteTokens: [Int32]

    init(merges: [MergeList.Merge], byteTokens: [Int32]) {
        var table: [UInt64: (rank: Int32, merged: Int32)] = [:]
        table.reserveCapacity(merges.count)
        for (rank, merge) in merges.enumerated() {
            let key = Self.key(merge.left, merge.right)
            if table[key] == nil { table[key] = (Int32(rank), merge.merged) }
        }
        self.merges = table
        self.byteTokens = byteTokens
    }

    private static func key(_ left: Int32, _ right: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
    }

    /// The token ids of one piece's bytes, appended to `output`.
    func merge(_ piece: UnsafeBufferPointer<UInt8>, into output: inout [Int32]) {
        if piece.count == 1 {
            output.append(byteTokens[Int(piece[0])])
            return
        }
        var parts = piece.map { byteTokens[Int($0)] }
        while parts.count > 1 {
            var bestRank = Int32.max
            var bestIndex = -1
            var bestMerged: Int32 = 0
            for index in 0..<(parts.count - 1) {
                if let merge = merges[Self.key(parts[index], parts[index + 1])], merge.rank < bestRank {
                    bestRank = merge.rank
                    bestIndex = index
                    bestMerged = merge.merged
                }
            }
            guard bestIndex >= 0 else { break }
            parts[bestIndex] = bestMerged
            parts.remove(at: bestIndex + 1)
        }
        output.append(contentsOf: parts)
    }
}
