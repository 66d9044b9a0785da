import SeededRandom

/// Plain language-model batches over a token stream: window `k` covers tokens `k*T ... k*T + T`,
/// giving `T` positions whose targets are the next tokens, all counted in the loss.
public struct LanguageModelWindows: Sendable {
    public let tokens: [Int32]
    public let sequenceLength: Int

    public init(tokens: [Int32], sequenceLength: Int) {
        self.tokens = tokens
        self.sequenceLength = max(1, sequenceLength)
    }

    /// The number of whole windows; a tail shorter than `T + 1` tokens is left out.
    public var count: Int { tokens.count > 0 ? (tokens.count - 1) / sequenceLength : 0 }

    /// The batch of the given windows, one row each.
    public func batch(windows: [Int]) -> TokenBatch {
        let length = sequenceLength
        var inputs = [Int32](repeating: 0, count: windows.count * length)
        var targets = [Int32](repeating: 0, count: windows.count * length)
        for (row, window) in windows.enumerated() {
            let start = window * length
            for position in 0..<length {
                inputs[row * length + position] = tokens[start + position]
                targets[row * length + position] = tokens[start + position + 1]
            }
        }
        return TokenBatch(batchSize: windows.count, sequenceLength: length, inputs: inputs, targets: targets,
                          lossMask: [Float](repeating: 1, count: windows.count * length),
                          lengths: [Int](repeating: length, count: windows.count))
    }

    /// All windows in a seeded random order, `batchSize` per batch (the last may be smaller).
    public func shuffledPlan(batchSize: Int, using generator: inout SplitMix64) -> BatchPlan {
        let order = Array(0..<count).shuffled(seededBy: &generator)
        let size = max(1, batchSize)
        return BatchPlan(batches: stride(from: 0, to: order.count, by: size).map {
            Array(order[$0..<min($0 + size, order.count)])
        })
    }
}
