import SeededRandom

/// One forward (and optionally backward) pass of the whole network over an arena, top to bottom as in llm.c.
/// Weights are read through raw pointers taken once per pass; frozen weights get nil gradient pointers.
struct TransformerPass {
    typealias Pointer = UnsafeMutablePointer<Float>

    let config: GPT2Config
    let layout: ParameterLayout
    let weights: UnsafePointer<Float>
    /// The unmerged LoRA adapter, when its low-rank paths run beside the targeted layers (entering at `addLoRA`).
    let lora: LoRAAdapter?
    let loraWeights: UnsafePointer<Float>?
    /// Bottleneck adapters (AdapterH / AdapterL), entering at the points `adapt` names.
    let adapter: BottleneckAdapter?
    let adapterWeights: UnsafePointer<Float>?
    /// Prefix tuning's key/value prefix, prepended to every layer's attention.
    let prefix: PrefixAdapter?
    let prefixWeights: UnsafePointer<Float>?

    init(model: GPT2Model) {
        config = model.config
        layout = model.layout
        weights = model.parameters.pointer
        let active = model.isLoRAMerged ? nil : model.lora
        lora = active
        loraWeights = active?.values.pointer
        adapter = model.adapter
        adapterWeights = model.adapter?.values.pointer
        prefix = model.prefix
        prefixWeights = model.prefix?.values.pointer
    }

    private func attentionDropout(_ arena: ActivationArena, layer: Int) -> Attention.Dropout? {
        guard arena.training, let seed = arena.attentionDropoutSeeds[layer] else { return nil }
        return Attention.Dropout(probability: config.attnDropout, seed: seed, firstSequence: arena.share?.first ?? 0)
    }

    private func attentionShape(_ arena: ActivationArena) -> Attention.Shape {
        Attention.Shape(batch: arena.batch, length: arena.length, heads: config.nHead, dim: config.nEmbd,
                        prefix: prefix?.length ?? 0)
    }

    /// Layer `layer`'s key/value prefix for attention; with `gradients`, where backward adds its gradients.
    private func attentionPrefix(layer: Int, arena: ActivationArena, gradients: Pointer? = nil) -> Attention.Prefix? {
        guard let prefix, let prefixWeights else { return nil }
        let offset = prefix.keyOffset(layer: layer)
        return Attention.Prefix(keys: prefixWeights + offset, values: prefixWeights + offset + config.nEmbd,
                                stride: prefix.stride, length: prefix.length,
                                dKeys: gradients.map { $0 + offset }, dValues: gradients.map { $0 + offset + config.nEmbd },
                                partScratch: gradients == nil ? nil : arena.gradients?.prefixParts)
    }

    /// Runs the network to the final LayerNorm; draws dropout masks from `generator` when the arena trains.
    func forward(tokens: UnsafePointer<Int32>, arena: ActivationArena, generator: inout SeededGenerator) {
        let n = arena.rows, d = config.nEmbd, w = weights
        let training = arena.training
        if training, let mask = arena.embeddingMask {
            fillMask(mask, arena: arena, probability: config.embdDropout, generator: &generator)
        }
        // After a prefix the tokens take positions prefix ..< prefix + T (see `PrefixAdapter`).
        Embedding.forward(out: arena.residuals[0], tokens: tokens, wte: w + layout.wte,
                          wpe: w + layout.wpe + (prefix?.length ?? 0) * d,
                          mask: arena.embeddingMask, batch: arena.batch, length: arena.length, dim: d)
        let shape = attentionShape(arena)
        for l in 0..<config.nLayer {
            let p = layout.blocks[l], a = arena.blocks[l]
            if training {
                arena.attentionDropoutSeeds[l] = config.attnDropout > 0 ? generator.next() : nil
                if let mask = a.attnResidualMask {
                    fillMask(mask, arena: arena, probability: config.residDropout, generator: &generator)
                }
                if let mask = a.mlpResidualMask {
                    fillMask(mask, arena: arena, probability: config.residDropout, generator: &generator)
                }
                fillLoRAMasks(block: a, arena: arena, generator: &generator)
            }
            let input = arena.residuals[l]
            LayerNorm.forward(out: a.ln1, mean: a.ln1Mean, rstd: a.ln1Rstd, input: input, weight: w + p.ln1Weight,
                              bias: w + p.ln1Bias, rows: n, dim: d, eps: config.layerNormEpsilon)
            Linear.forward(out: a.qkv, input: a.ln1, weight: w + p.qkvWeight, bias: w + p.qkvBias,
                           rows: n, inDim: d, outDim: 3 * d)
            addLoRA(.qkv, output: a.qkv, layer: l, arena: arena)
            Attention.forward(out: a.attnOut, probs: a.probs, qkv: a.qkv, dropout: attentionDropout(arena, layer: l),
                              prefix: attentionPrefix(layer: l, arena: arena), scratch: arena.attentionScratch, shape: shape)
            Linear.forward(out: arena.branch, input: a.attnOut, weight: w + p.attnProjWeight, bias: w + p.attnProjBias,
                           rows: n, inDim: d, outDim: d)
            addLoRA(.attentionOutput, output: arena.branch, layer: l, arena: arena)
            addBranch(.attention, out: a.residualMid, residual: input, branch: arena.branch, mask: a.attnResidualMask,
                      layer: l, arena: arena)
            LayerNorm.forward(out: a.ln2, mean: a.ln2Mean, rstd: a.ln2Rstd, input: a.residualMid,
                              weight: w + p.ln2Weight, bias: w + p.ln2Bias, rows: n, dim: d, eps: config.layerNormEpsilon)
            Linear.forward(out: a.fc, input: a.ln2, weight: w + p.fcWeight, bias: w + p.fcBias,
                           rows: n, inDim: d, outDim: 4 * d)
            addLoRA(.fc, output: a.fc, layer: l, arena: arena)
            GELU.forward(out: a.fcGelu, input: a.fc, count: 4 * n * d)
            Linear.forward(out: arena.branch, input: a.fcGelu, weight: w + p.mlpProjWeight, bias: w + p.mlpProjBias,
                           rows: n, inDim: 4 * d, outDim: d)
            addLoRA(.mlpOutput, output: arena.branch, layer: l, arena: arena)
            addBranch(.mlp, out: arena.residuals[l + 1], residual: a.residualMid, branch: arena.branch,
                      mask: a.mlpResidualMask, layer: l, arena: arena)
            adapt(.block, arena.residuals[l + 1], layer: l, arena: arena)
        }
        LayerNorm.forward(out: arena.lnf, mean: arena.lnfMean, rstd: arena.lnfRstd, input: arena.residuals[config.nLayer],
                          weight: w + layout.lnfWeight, bias: w + layout.lnfBias, rows: n, dim: d,
                          eps: config.layerNormEpsilon)
    }

    /// A [rows, width] dropout mask (width d by default); with a share, the share's rows of the whole batch's mask.
    func fillMask(_ mask: Pointer, arena: ActivationArena, probability: Float, width: Int? = nil,
                  generator: inout SeededGenerator) {
        let width = width ?? config.nEmbd, count = arena.rows * width
        guard let share = arena.share else {
            Dropout.fillMask(mask, count: count, probability: probability, generator: &generator)
            return
        }
        let perSequence = arena.length * width, start = share.first * perSequence
        Dropout.fillMask(mask, window: start..<(start + count), total: share.total * perSequence, probability: probability,
                         generator: &generator)
    }

    /// Loss summed over the batch's counted positions; with `backward`, leaves the gradient w.r.t. the final
    /// LayerNorm output in the arena's `d1` (each counted row scaled by `gradientScale`) and adds dwte when given.
    func loss(batch: Batch, arena: ActivationArena, labelSmoothing: Float, gradientScale: Float,
              backward: Bool, dWte: Pointer?) -> LossSum {
        arena.activeRows.removeAll(keepingCapacity: true)
        for i in 0..<batch.lossMask.count where batch.lossMask[i] != 0 { arena.activeRows.append(i) }
        let dHidden = backward ? arena.gradients?.d1 : nil
        dHidden?.update(repeating: 0, count: arena.rows * config.nEmbd)
        let sum = batch.targets.withUnsafeBufferPointer { targets -> Double in
            guard let targets = targets.baseAddress else { return 0 }
            return LMHeadLoss.run(rows: arena.activeRows, hidden: arena.lnf, wte: weights + layout.wte,
                                  targets: targets, labelSmoothing: labelSmoothing, gradientScale: gradientScale,
                                  dHidden: dHidden, dWte: dHidden == nil ? nil : dWte, scratch: arena.head,
                                  vocab: config.vocabSize, dim: config.nEmbd)
        }
        return LossSum(sum: sum, count: arena.activeRows.count)
    }

    /// Backpropagates from the arena's `d1` (set by `loss`) to every gradient buffer given: `base` for full
    /// fine-tuning (same layout as the weights), `loraGradients` for the LoRA adapter, `adapterGradients` for the
    /// bottleneck adapters, `prefixGradients` for the prefix (its layout). Blocks below `lowestLayer` and the
    /// embeddings are skipped when it is above 0 (nothing under it trains: the top-blocks method).
    func backward(tokens: UnsafePointer<Int32>, arena: ActivationArena, base: Pointer?, loraGradients: Pointer?,
                  adapterGradients: Pointer? = nil, prefixGradients: Pointer? = nil, lowestLayer: Int = 0) {
        let n = arena.rows, d = config.nEmbd, w = weights
        guard let scratch = arena.gradients else { return }
        let dr = scratch.residual, d1 = scratch.d1, d2 = scratch.d2, d4 = scratch.d4, dqkv = scratch.qkv
        dr.update(repeating: 0, count: n * d)
        LayerNorm.backward(dInput: dr, dWeight: base.map { $0 + layout.lnfWeight }, dBias: base.map { $0 + layout.lnfBias },
                           dOut: d1, input: arena.residuals[config.nLayer], weight: w + layout.lnfWeight,
                           mean: arena.lnfMean, rstd: arena.lnfRstd, scratch: d2, rows: n, dim: d)
        let shape = attentionShape(arena)
        for l in stride(from: config.nLayer - 1, through: lowestLayer, by: -1) {
            let p = layout.blocks[l], a = arena.blocks[l]
            func g(_ offset: Int) -> Pointer? { base.map { $0 + offset } }
            adaptBackward(.block, dr, layer: l, arena: arena, gradients: adapterGradients, scratch: (d1, d2))
            addBranchBackward(.mlp, dBranch: d1, dOut: dr, mask: a.mlpResidualMask, layer: l, arena: arena,
                              gradients: adapterGradients, scratch: (d2, d4))
            Linear.backward(dInput: d4, dWeight: g(p.mlpProjWeight), dBias: g(p.mlpProjBias), dOut: d1,
                            input: a.fcGelu, weight: w + p.mlpProjWeight, rows: n, inDim: 4 * d, outDim: d)
            addLoRAGradients(.mlpOutput, dOutput: d1, dInput: d4, layer: l, arena: arena, gradients: loraGradients,
                             scratch: scratch.loraInput)
            GELU.backward(dInput: d4, dOut: d4, input: a.fc, count: 4 * n * d)
            Linear.backward(dInput: d1, dWeight: g(p.fcWeight), dBias: g(p.fcBias), dOut: d4, input: a.ln2,
                            weight: w + p.fcWeight, rows: n, inDim: d, outDim: 4 * d)
            addLoRAGradients(.fc, dOutput: d4, dInput: d1, layer: l, arena: arena, gradients: loraGradients, scratch: d2)
            LayerNorm.backward(dInput: dr, dWeight: g(p.ln2Weight), dBias: g(p.ln2Bias), dOut: d1, input: a.residualMid,
                               weight: w + p.ln2Weight, mean: a.ln2Mean, rstd: a.ln2Rstd, scratch: d2, rows: n, dim: d)
            addBranchBackward(.attention, dBranch: d1, dOut: dr, mask: a.attnResidualMask, layer: l, arena: arena,
                              gradients: adapterGradients, scratch: (d2, d4))
            Linear.backward(dInput: d2, dWeight: g(p.attnProjWeight), dBias: g(p.attnProjBias), dOut: d1,
                            input: a.attnOut, weight: w + p.attnProjWeight, rows: n, inDim: d, outDim: d)
            addLoRAGradients(.attentionOutput, dOutput: d1, dInput: d2, layer: l, arena: arena, gradients: loraGradients,
                             scratch: d4)
            Attention.backward(dQKV: dqkv, dOut: d2, qkv: a.qkv, probs: a.probs, dropout: attentionDropout(arena, layer: l),
                               prefix: attentionPrefix(layer: l, arena: arena, gradients: prefixGradients),
                               scratch: arena.attentionScratch, shape: shape)
            // Below the first block only the embeddings remain, and they train only with the base weights.
            let inputGradient = l > 0 || base != nil
            Linear.backward(dInput: inputGradient ? d2 : nil, dWeight: g(p.qkvWeight), dBias: g(p.qkvBias), dOut: dqkv,
                            input: a.ln1, weight: w + p.qkvWeight, rows: n, inDim: d, outDim: 3 * d)
            addLoRAGradients(.qkv, dOutput: dqkv, dInput: inputGradient ? d2 : nil, layer: l, arena: arena,
                             gradients: loraGradients, scratch: d1)
            guard inputGradient else { continue }
            LayerNorm.backward(dInput: dr, dWeight: g(p.ln1Weight), dBias: g(p.ln1Bias), dOut: d2, input: arena.residuals[l],
                               weight: w + p.ln1Weight, mean: a.ln1Mean, rstd: a.ln1Rstd, scratch: d1, rows: n, dim: d)
        }
        if let base, lowestLayer == 0 {
            Embedding.backward(dWte: base + layout.wte, dWpe: base + layout.wpe, dOut: dr, tokens: tokens,
                               mask: arena.embeddingMask, batch: arena.batch, length: arena.length, dim: d)
        }
    }
}
