import SeededRandom

/// The order of one epoch: example indices grouped into batches.
public struct BatchPlan: Sendable, Equatable {
    public var batches: [[Int]]

    public init(batches: [[Int]]) {
        self.batches = batches
    }

    /// Examples in file order, `batchSize` at a time (for evaluation).
    public static func sequential(count: Int, batchSize: Int) -> BatchPlan {
        let size = max(1, batchSize)
        return BatchPlan(batches: stride(from: 0, to: count, by: size).map { Array($0..<min($0 + size, count)) })
    }

    /// Length-bucketed shuffled batches, so padding stays small while the order stays random:
    /// shuffle all examples, sort each chunk of `batchSize * chunkBatches` by length, cut it into batches,
    /// then shuffle the batch order. With `dropPartial`, batches smaller than `batchSize` are left out.
    public static func bucketed(lengths: [Int], batchSize: Int, chunkBatches: Int = 64, dropPartial: Bool = false,
                                using generator: inout SplitMix64) -> BatchPlan {
        let size = max(1, batchSize)
        let order = Array(lengths.indices).shuffled(seededBy: &generator)
        let chunkSize = size * max(1, chunkBatches)
        var batches: [[Int]] = []
        for chunkStart in stride(from: 0, to: order.count, by: chunkSize) {
            let chunk = order[chunkStart..<min(chunkStart + chunkSize, order.count)]
            let sorted = chunk.enumerated().sorted {
                (lengths[$0.element], $0.offset) < (lengths[$1.element], $1.offset)
            }.map(\.element)
            for batchStart in stride(from: 0, to: sorted.count, by: size) {
                let batch = Array(sorted[batchStart..<min(batchStart + size, sorted.count)])
                if dropPartial && batch.count < size { continue }
                batches.append(batch)
            }
        }
        batches.shuffle(seededBy: &generator)
        return BatchPlan(batches: batches)
    }
}
