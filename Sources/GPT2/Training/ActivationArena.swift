/// Every activation, dropout mask and backward scratch buffer of a (batch, length) pass, allocated once
/// and reused by every step of that shape (llm.c's activation arena).
final class ActivationArena {
    typealias Pointer = UnsafeMutablePointer<Float>

    struct Block {
        var ln1: Pointer, ln1Mean: Pointer, ln1Rstd: Pointer, qkv: Pointer, probs: Pointer, attnOut: Pointer
        var residualMid: Pointer, ln2: Pointer, ln2Mean: Pointer, ln2Rstd: Pointer, fc: Pointer, fcGelu: Pointer
        var attnMask: Pointer?, attnResidualMask: Pointer?, mlpResidualMask: Pointer?
        var loraMask: Pointer?, loraInput: Pointer?, loraHidden: Pointer?
    }

    let batch: Int, length: Int, rows: Int
    let training: Bool
    let loraRank: Int, loraTargetCount: Int
    private(set) var floatCount = 0
    private var allocations: [Pointer] = []

    var embeddingMask: Pointer?
    /// residuals[0] is the embedding output, residuals[l + 1] block l's output.
    var residuals: [Pointer] = []
    var blocks: [Block] = []
    var lnf: Pointer!, lnfMean: Pointer!, lnfRstd: Pointer!
    /// Shared scratch: a block's branch output in forward; gradients in backward.
    var branch: Pointer!, dResidual: Pointer!, d1: Pointer!, d2: Pointer!, dQKV: Pointer!, d4: Pointer!
    var attentionScratch: Pointer!, loraDHidden: Pointer?
    var head: LMHeadLoss.Scratch!
    private var rowLoss: UnsafeMutablePointer<Double>!
    var activeRows: [Int] = []

    init(config: GPT2Config, batch: Int, length: Int, training: Bool, lora: LoRAOptions?) {
        self.batch = batch
        self.length = length
        self.training = training
        let n = batch * length, d = config.nEmbd, probs = batch * config.nHead * length * length
        rows = n
        loraRank = lora?.rank ?? 0
        loraTargetCount = lora?.targets.count ?? 0
        let masks = training
        if masks && config.embdDropout > 0 { embeddingMask = take(n * d) }
        residuals = (0...config.nLayer).map { _ in take(n * d) }
        for _ in 0..<config.nLayer {
            var block = Block(ln1: take(n * d), ln1Mean: take(n), ln1Rstd: take(n), qkv: take(3 * n * d),
                              probs: take(probs), attnOut: take(n * d), residualMid: take(n * d), ln2: take(n * d),
                              ln2Mean: take(n), ln2Rstd: take(n), fc: take(4 * n * d), fcGelu: take(4 * n * d))
            if masks && config.attnDropout > 0 { block.attnMask = take(probs) }
            if masks && config.residDropout > 0 {
                block.attnResidualMask = take(n * d)
                block.mlpResidualMask = take(n * d)
            }
            if let lora {
                if masks && lora.dropout > 0 {
                    block.loraMask = take(n * d)
                    block.loraInput = take(n * d)
                }
                block.loraHidden = take(lora.targets.count * n * lora.rank)
            }
            blocks.append(block)
        }
        lnf = take(n * d); lnfMean = take(n); lnfRstd = take(n)
        branch = take(n * d)
        attentionScratch = take(2 * length * length)
        let chunk = min(n, Self.headChunkRows)
        head = LMHeadLoss.Scratch(logits: take(chunk * config.vocabSize), input: take(chunk * d), dInput: take(chunk * d),
                                  rowLoss: .allocate(capacity: chunk), chunkRows: chunk)
        rowLoss = head.rowLoss
        if training {
            dResidual = take(n * d); d1 = take(n * d); d2 = take(n * d); dQKV = take(3 * n * d); d4 = take(4 * n * d)
            if let lora { loraDHidden = take(n * lora.rank) }
        }
        activeRows.reserveCapacity(n)
    }

    /// Rows of logits computed at once by the LM head: large enough for efficient sgemm, small enough
    /// that long batches never hold every [rows, vocab] logit (1024 x 50257 floats is 206 MB).
    static let headChunkRows = 1024

    deinit {
        for pointer in allocations { pointer.deallocate() }
        rowLoss.deallocate()
    }

    var byteCount: Int { floatCount * MemoryLayout<Float>.stride }

    private func take(_ count: Int) -> Pointer {
        let pointer = Pointer.allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
        allocations.append(pointer)
        floatCount += count
        return pointer
    }
}
