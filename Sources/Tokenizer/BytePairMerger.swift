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
        // Rescanning every pair is fastest for words; a long piece needs the heap to stay linearithmic.
        if piece.count <= Self.scanningLimit {
            output.append(contentsOf: mergeByScanning(piece.map { byteTokens[Int($0)] }))
        } else {
            output.append(contentsOf: mergeWithHeap(piece.map { byteTokens[Int($0)] }))
        }
    }

    /// Pieces up to this many bytes are merged by rescanning.
    static let scanningLimit = 128

    /// Repeatedly merges the best-ranked adjacent pair, the leftmost among equals: O(n^2) for n parts.
    func mergeByScanning(_ tokens: [Int32]) -> [Int32] {
        var parts = tokens
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
        return parts
    }

    /// The same merges in the same order, O(n log n): parts form a linked list, and candidate pairs wait in
    /// a min-heap ordered by (rank, position of the left part); a candidate whose parts have changed since
    /// it was pushed is skipped when it comes up.
    func mergeWithHeap(_ tokens: [Int32]) -> [Int32] {
        let count = tokens.count
        guard count > 1 else { return tokens }
        var parts = tokens
        var next = Array(1...count)  // `count` marks the end
        var previous = Array(-1..<(count - 1))
        var version = [UInt32](repeating: 0, count: count)
        var alive = [Bool](repeating: true, count: count)
        var heap = PairHeap()
        func push(_ left: Int) {
            let right = next[left]
            guard left >= 0, right < count, let merge = merges[Self.key(parts[left], parts[right])] else { return }
            heap.push(PairHeap.Candidate(rank: merge.rank, left: Int32(left), right: Int32(right), merged: merge.merged,
                                         leftVersion: version[left], rightVersion: version[right]))
        }
        for index in 0..<(count - 1) { push(index) }
        while let candidate = heap.pop() {
            let left = Int(candidate.left), right = Int(candidate.right)
            guard alive[left], alive[right], next[left] == right, version[left] == candidate.leftVersion,
                  version[right] == candidate.rightVersion else { continue }
            parts[left] = candidate.merged
            version[left] &+= 1
            alive[right] = false
            next[left] = next[right]
            if next[right] < count { previous[next[right]] = left }
            if previous[left] >= 0 { push(previous[left]) }
            push(left)
        }
        var result: [Int32] = []
        var index = 0
        while index < count {
            result.append(parts[index])
            index = next[index]
        }
        return result
    }
}

/// A binary min-heap of merge candidates, ordered by rank, then by the left part's position.
struct PairHeap {
    struct Candidate {
        var rank: Int32
        var left: Int32
        var right: Int32
        var merged: Int32
        var leftVersion: UInt32
        var rightVersion: UInt32

        func precedes(_ other: Candidate) -> Bool {
            rank != other.rank ? rank < other.rank : left < other.left
        }
    }

    private var items: [Candidate] = []

    mutating func push(_ candidate: Candidate) {
        items.append(candidate)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].precedes(items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Candidate? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var best = parent
                if left < items.count, items[left].precedes(items[best]) { best = left }
                if right < items.count, items[right].precedes(items[best]) { best = right }
                if best == parent { break }
                items.swapAt(parent, best)
                parent = best
            }
        }
        return first
    }
}
