import SeededRandom

/// Evaluation passes (no dropout, no gradients) that keep their activation arena between calls, growing it only
/// when a batch does not fit, so a validation loop over many batches of varying lengths allocates about once.
public struct Evaluator {
    private var arena: ActivationArena?
    private var arenaKey: ArenaKey?

    private struct ArenaKey: Equatable {
        var config: GPT2Config, lora: LoRAOptions?, adapter: BottleneckOptions?, prefixLength: Int
    }

    public init() {}

    /// The summed cross-entropy (with optional label smoothing) over the batch's counted positions, and their count.
    public mutating func loss(model: GPT2Model, batch: Batch, labelSmoothing: Float = 0) throws -> LossSum {
        let (arena, pass) = try prepare(model: model, batch: batch)
        return pass.loss(batch: batch, arena: arena, labelSmoothing: labelSmoothing, gradientScale: 0,
                         backward: false, dWte: nil)
    }

    /// Logits [batchSize * sequenceLength, vocabSize], row-major, for every position of the batch.
    public mutating func logits(model: GPT2Model, batch: Batch) throws -> [Float] {
        let (arena, _) = try prepare(model: model, batch: batch)
        let config = model.config
        var result = [Float](repeating: 0, count: arena.rows * config.vocabSize)
        result.withUnsafeMutableBufferPointer { out in
            guard let out = out.baseAddress else { return }
            LMHeadLoss.logits(out: out, hidden: arena.lnf, wte: model.parameters.pointer + model.layout.wte,
                              rows: arena.rows, vocab: config.vocabSize, dim: config.nEmbd)
        }
        return result
    }

    /// Validates the batch and runs the forward pass to the final LayerNorm in a reused arena.
    private mutating func prepare(model: GPT2Model, batch: Batch) throws -> (ActivationArena, TransformerPass) {
        try model.checkFits(batch)
        let lora = model.isLoRAMerged ? nil : model.lora?.options
        let key = ArenaKey(config: model.config, lora: lora, adapter: model.adapter?.options,
                           prefixLength: model.prefixLength)
        let current: ActivationArena
        if let arena, arenaKey == key, arena.capacity.holds(batch: batch.batchSize, length: batch.sequenceLength) {
            current = arena
        } else {
            let grown = arenaKey == key ? arena?.capacity.including(batch: batch.batchSize, length: batch.sequenceLength) : nil
            arena = nil
            current = ActivationArena(config: model.config,
                                      capacity: grown ?? ActivationArena.Capacity(rows: batch.batchSize * batch.sequenceLength,
                                                                                   length: batch.sequenceLength),
                                      training: false, lora: lora, adapter: model.adapter?.options,
                                      prefixLength: model.prefixLength)
            arena = current
            arenaKey = key
        }
        current.reshape(batch: batch.batchSize, length: batch.sequenceLength)
        let pass = TransformerPass(model: model)
        var generator = SeededGenerator(seed: 0)
        batch.inputs.withUnsafeBufferPointer { tokens in
            if let tokens = tokens.baseAddress { pass.forward(tokens: tokens, arena: current, generator: &generator) }
        }
        return (current, pass)
    }
}

extension GPT2Model {
    /// The summed cross-entropy over the batch's counted positions and their count (a one-off `Evaluator`).
    public func evaluateLoss(_ batch: Batch, labelSmoothing: Float = 0) throws -> LossSum {
        var evaluator = Evaluator()
        return try evaluator.loss(model: self, batch: batch, labelSmoothing: labelSmoothing)
    }

    /// Logits [batchSize * sequenceLength, vocabSize] for every position of the batch (a one-off `Evaluator`).
    public func logits(_ batch: Batch) throws -> [Float] {
        var evaluator = Evaluator()
        return try evaluator.logits(model: self, batch: batch)
    }
}
