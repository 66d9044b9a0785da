/// Data parallelism: several processes share every micro-batch's sequences, each running forward and backward over
/// its own rows with the dropout masks the whole batch would draw, and one reduction sums the partial gradients (and
/// loss sums) before the identical clipping and AdamW step on every process.
public struct DataParallelism: Sendable {
    /// This process's part, 0..<parts.
    public var part: Int
    public var parts: Int
    /// Sums, over every process and in place, the trainable gradients and the per-micro-batch loss sums.
    public var reduceTrainableGradients: @Sendable (UnsafeMutableBufferPointer<Float>, inout [Double]) -> Void

    public init(part: Int, parts: Int,
                reduceTrainableGradients: @escaping @Sendable (UnsafeMutableBufferPointer<Float>, inout [Double]) -> Void) {
        self.part = part
        self.parts = parts
        self.reduceTrainableGradients = reduceTrainableGradients
    }

    /// This process's sequences of a micro-batch of `batchSize`: contiguous, sizes differing by at most one.
    func share(of batchSize: Int) throws -> BatchShare {
        guard batchSize >= parts else {
            throw GPT2Error.invalidBatch(reason: "a micro-batch of \(batchSize) sequences cannot be shared by \(parts) processes")
        }
        let first = batchSize * part / parts
        return BatchShare(first: first, count: batchSize * (part + 1) / parts - first, total: batchSize)
    }
}

/// Sequences `first..<first + count` of a micro-batch of `total`.
struct BatchShare: Sendable, Hashable {
    var first: Int
    var count: Int
    var total: Int
}

extension Batch {
    /// The share's sequences as a batch of their own.
    func sequences(_ share: BatchShare) throws -> Batch {
        let range = (share.first * sequenceLength)..<((share.first + share.count) * sequenceLength)
        return try Batch(inputs: Array(inputs[range]), targets: Array(targets[range]), lossMask: Array(lossMask[range]),
                         batchSize: share.count, sequenceLength: sequenceLength)
    }
}
