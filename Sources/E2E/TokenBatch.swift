/// A batch for a causal language model, right-padded and row-major: position `t` of row `b` reads
/// `inputs[b * T + t]` and should predict `targets[b * T + t]`; `lossMask` says which predictions count.
public struct TokenBatch: Sendable, Equatable {
    public var batchSize: Int
    public var sequenceLength: Int
    public var inputs: [Int32]
    /// The next token for each position; padding positions hold 0.
    public var targets: [Int32]
    /// 1 where the prediction counts in the loss, 0 elsewhere (context and padding).
    public var lossMask: [Float]
    /// The number of real (unpadded) positions of each row.
    public var lengths: [Int]

    public init(batchSize: Int, sequenceLength: Int, inputs: [Int32], targets: [Int32], lossMask: [Float],
                lengths: [Int]) {
        self.batchSize = batchSize
        self.sequenceLength = sequenceLength
        self.inputs = inputs
        self.targets = targets
        self.lossMask = lossMask
        self.lengths = lengths
    }

    /// Packs examples: each sequence (context + completion) is cut to `maxPositions + 1` tokens, giving at most
    /// `maxPositions` positions; the loss covers the positions whose target is a completion token.
    /// The batch is as long as its longest row, or `paddedLength` when given (at least that long).
    public init(examples: [EncodedExample], maxPositions: Int, paddedLength: Int? = nil) {
        let lengths = examples.map { $0.positionCount(maxPositions: maxPositions) }
        let length = max(lengths.max() ?? 0, paddedLength ?? 0)
        var inputs = [Int32](repeating: 0, count: examples.count * length)
        var targets = [Int32](repeating: 0, count: examples.count * length)
        var mask = [Float](repeating: 0, count: examples.count * length)
        for (row, example) in examples.enumerated() {
            let tokens = example.tokens
            let base = row * length
            for position in 0..<lengths[row] {
                inputs[base + position] = tokens[position]
                targets[base + position] = tokens[position + 1]
                if position + 1 >= example.context.count { mask[base + position] = 1 }
            }
        }
        self.init(batchSize: examples.count, sequenceLength: length, inputs: inputs, targets: targets,
                  lossMask: mask, lengths: lengths)
    }

    /// How many predictions count in the loss.
    public var lossTokenCount: Int {
        lossMask.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
    }
}
