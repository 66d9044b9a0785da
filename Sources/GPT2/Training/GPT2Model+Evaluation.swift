/// Evaluation passes: no dropout, no gradients.
extension GPT2Model {
    /// The summed cross-entropy (with optional label smoothing) over the batch's counted positions, and their count.
    public func evaluateLoss(_ batch: Batch, labelSmoothing: Float = 0) throws -> LossSum {
        try batch.validate(for: config)
        let arena = ActivationArena(config: config, batch: batch.batchSize, length: batch.sequenceLength,
                                    training: false, lora: isLoRAMerged ? nil : lora?.options)
        let pass = TransformerPass(model: self)
        var generator = SeededGenerator(seed: 0)
        return batch.inputs.withUnsafeBufferPointer { tokens in
            if let tokens = tokens.baseAddress { pass.forward(tokens: tokens, arena: arena, generator: &generator) }
            return pass.loss(batch: batch, arena: arena, labelSmoothing: labelSmoothing, gradientScale: 0,
                             backward: false, dWte: nil)
        }
    }

    /// Logits [batchSize * sequenceLength, vocabSize], row-major, for every position of the batch.
    public func logits(_ batch: Batch) throws -> [Float] {
        try batch.validate(for: config)
        let arena = ActivationArena(config: config, batch: batch.batchSize, length: batch.sequenceLength,
                                    training: false, lora: isLoRAMerged ? nil : lora?.options)
        let pass = TransformerPass(model: self)
        var generator = SeededGenerator(seed: 0)
        var result = [Float](repeating: 0, count: arena.rows * config.vocabSize)
        batch.inputs.withUnsafeBufferPointer { tokens in
            if let tokens = tokens.baseAddress { pass.forward(tokens: tokens, arena: arena, generator: &generator) }
        }
        result.withUnsafeMutableBufferPointer { out in
            guard let out = out.baseAddress else { return }
            LMHeadLoss.logits(out: out, hidden: arena.lnf, wte: parameters.pointer + layout.wte,
                              rows: arena.rows, vocab: config.vocabSize, dim: config.nEmbd)
        }
        return result
    }
}
