/// Every activation, dropout mask and backward scratch buffer of a pass, allocated once for a capacity and
/// reused by every later pass that fits it (llm.c's activation arena), so length-bucketed batches never reallocate.
final class ActivationArena {
    typealias Pointer = UnsafeMutablePointer<Float>

    struct Block {
        var ln1: Pointer, ln1Mean: Pointer, ln1Rstd: Pointer, qkv: Pointer, probs: Pointer, attnOut: Pointer
        var residualMid: Pointer, ln2: Pointer, ln2Mean: Pointer, ln2Rstd: Pointer, fc: Pointer, fcGelu: Pointer
        var attnResidualMask: Pointer?, mlpResidualMask: Pointer?
        /// Per `LoRASite` (by raw value): the LoRA dropout mask and the dropped layer input, when training with dropout.
        var loraMasks: [Pointer?] = Array(repeating: nil, count: LoRASite.allCases.count)
        var loraInputs: [Pointer?] = Array(repeating: nil, count: LoRASite.allCases.count)
        /// Per target, x A^T [rows, r].
        var loraHidden: Pointer?
        /// One per point of the bottleneck adapter (`BottleneckOptions.points` order).
        var adapter: [Bottleneck.Saved] = []
    }

    /// Backward scratch, reused by every layer: the residual gradient and four working buffers.
    struct Gradients {
        var residual: Pointer, d1: Pointer, d2: Pointer, qkv: Pointer, d4: Pointer, loraHidden: Pointer?
        /// The gradient w.r.t. mlp.c_proj's dropped input [rows, 4d], when LoRA targets that layer ("proj").
        var loraInput: Pointer? = nil
        var adapterHidden: Pointer? = nil
        /// Per part of the head partition, the prefix's key and value gradients (prefix tuning).
        var prefixParts: Pointer? = nil
    }

    /// Owns the raw allocations and frees them with the arena.
    private final class Allocations {
        var floats: [Pointer] = []
        var floatCount = 0
        var doubles: [UnsafeMutablePointer<Double>] = []

        func take(_ count: Int) -> Pointer {
            let pointer = Pointer.allocate(capacity: max(count, 1))
            pointer.initialize(repeating: 0, count: max(count, 1))
            floats.append(pointer)
            floatCount += count
            return pointer
        }

        func takeDoubles(_ count: Int) -> UnsafeMutablePointer<Double> {
            let pointer = UnsafeMutablePointer<Double>.allocate(capacity: max(count, 1))
            pointer.initialize(repeating: 0, count: max(count, 1))
            doubles.append(pointer)
            return pointer
        }

        deinit {
            for pointer in floats { pointer.deallocate() }
            for pointer in doubles { pointer.deallocate() }
        }
    }

    /// The largest pass an arena holds: its rows (batch x length) and longest sequence.
    struct Capacity: Equatable {
        var rows: Int, length: Int

        /// Room for both this capacity's passes and a (batch, length) one.
        func including(batch: Int, length: Int) -> Capacity {
            Capacity(rows: Swift.max(rows, batch * length), length: Swift.max(self.length, length))
        }

        func holds(batch: Int, length: Int) -> Bool { batch * length <= rows && length <= self.length }
    }

    /// Rows of logits computed at once by the LM head: large enough for efficient sgemm, small enough
    /// that long batches never hold every [rows, vocab] logit (1024 x 50257 floats is 206 MB).
    static let headChunkRows = 1024

    let capacity: Capacity
    /// The current pass's shape, set by `reshape`; buffers are used from their start.
    private(set) var batch: Int, length: Int, rows: Int
    /// Training arenas hold dropout masks and backward scratch.
    let training: Bool
    let embeddingMask: Pointer?
    /// residuals[0] is the embedding output, residuals[l + 1] block l's output.
    let residuals: [Pointer]
    let blocks: [Block]
    let lnf: Pointer, lnfMean: Pointer, lnfRstd: Pointer
    /// A block's branch output (before its residual add) in the forward pass.
    let branch: Pointer
    let attentionScratch: Pointer
    let head: LMHeadLoss.Scratch
    let gradients: Gradients?
    /// Per layer, the seed of this pass's attention dropout masks (regenerated in backward), nil when off.
    var attentionDropoutSeeds: [UInt64?]
    /// Data parallelism: the pass's rows are sequences `share.first...` of a batch of `share.total`; masks are drawn
    /// as for the whole batch.
    var share: BatchShare?
    var activeRows: [Int] = []
    private let memory = Allocations()

    /// Buffers for every pass within `capacity`; attention probabilities take rows x heads x (prefix + length) floats
    /// per layer, enough for any batch of at most `capacity.rows` rows and `capacity.length` positions.
    init(config: GPT2Config, capacity: Capacity, training: Bool, lora: LoRAOptions?, adapter: BottleneckOptions? = nil,
         prefixLength: Int = 0) {
        self.capacity = capacity
        batch = 1
        length = capacity.length
        rows = capacity.length
        self.training = training
        let n = capacity.rows, d = config.nEmbd, probs = n * config.nHead * (prefixLength + capacity.length)
        attentionDropoutSeeds = Array(repeating: nil, count: config.nLayer)
        let memory = self.memory
        embeddingMask = training && config.embdDropout > 0 ? memory.take(n * d) : nil
        residuals = (0...config.nLayer).map { _ in memory.take(n * d) }
        blocks = (0..<config.nLayer).map { _ in
            var block = Block(ln1: memory.take(n * d), ln1Mean: memory.take(n), ln1Rstd: memory.take(n),
                              qkv: memory.take(3 * n * d), probs: memory.take(probs), attnOut: memory.take(n * d),
                              residualMid: memory.take(n * d), ln2: memory.take(n * d), ln2Mean: memory.take(n),
                              ln2Rstd: memory.take(n), fc: memory.take(4 * n * d), fcGelu: memory.take(4 * n * d))
            if training && config.residDropout > 0 {
                block.attnResidualMask = memory.take(n * d)
                block.mlpResidualMask = memory.take(n * d)
            }
            if let lora {
                if training && lora.dropout > 0 {
                    for site in LoRASite.allCases where lora.targets.contains(where: { $0.site == site }) {
                        block.loraMasks[site.rawValue] = memory.take(n * site.inputWidth(dim: d))
                        block.loraInputs[site.rawValue] = memory.take(n * site.inputWidth(dim: d))
                    }
                }
                block.loraHidden = memory.take(lora.targets.count * n * lora.rank)
            }
            if let adapter {
                block.adapter = adapter.points.map { _ in
                    Bottleneck.Saved(input: memory.take(n * d), normalized: memory.take(adapter.hasNorm ? n * d : 0),
                                     mean: memory.take(n), rstd: memory.take(n), pre: memory.take(n * adapter.size),
                                     hidden: memory.take(n * adapter.size))
                }
            }
            return block
        }
        lnf = memory.take(n * d)
        lnfMean = memory.take(n)
        lnfRstd = memory.take(n)
        branch = memory.take(n * d)
        attentionScratch = memory.take(Attention.scratchCount(length: capacity.length, prefix: prefixLength))
        let chunk = min(n, Self.headChunkRows)
        head = LMHeadLoss.Scratch(logits: memory.take(chunk * config.vocabSize), input: memory.take(chunk * d),
                                  dInput: memory.take(chunk * d), rowLoss: memory.takeDoubles(chunk), chunkRows: chunk)
        gradients = training
            ? Gradients(residual: memory.take(n * d), d1: memory.take(n * d), d2: memory.take(n * d),
                        qkv: memory.take(3 * n * d), d4: memory.take(4 * n * d),
                        loraHidden: lora.map { memory.take(n * $0.rank) },
                        loraInput: lora?.targets.contains(.proj) == true ? memory.take(4 * n * d) : nil,
                        adapterHidden: adapter.map { memory.take(n * $0.size) },
                        prefixParts: prefixLength > 0 ? memory.take(Attention.Prefix.scratchCount(length: prefixLength, dim: d)) : nil)
            : nil
        activeRows.reserveCapacity(n)
    }

    /// Makes the next pass a (batch, length) one; the shape must fit the capacity.
    func reshape(batch: Int, length: Int) {
        self.batch = batch
        self.length = length
        rows = batch * length
    }

    var byteCount: Int { memory.floatCount * MemoryLayout<Float>.stride }
}
