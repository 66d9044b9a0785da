import SeededRandom

/// The named points where LoRA's low-rank paths enter the training, evaluation and decoding passes, one per linear
/// layer of a block (`LoRASite`); each does nothing when no target adapts that layer (or the adapter is merged),
/// so the passes read as the plain network.
extension TransformerPass {
    /// The layer input of `site` in block `a`: ln_1's output, the attention output, ln_2's output or GELU's output.
    private func input(of site: LoRASite, block a: ActivationArena.Block) -> Pointer {
        switch site {
        case .qkv: return a.ln1
        case .attentionOutput: return a.attnOut
        case .fc: return a.ln2
        case .mlpOutput: return a.fcGelu
        }
    }

    /// Draws this pass's LoRA dropout masks of block `a`, one per adapted layer, in site order.
    func fillLoRAMasks(block a: ActivationArena.Block, arena: ActivationArena, generator: inout SeededGenerator) {
        guard let lora else { return }
        for site in LoRASite.allCases {
            if let mask = a.loraMasks[site.rawValue] {
                fillMask(mask, arena: arena, probability: lora.options.dropout, width: site.inputWidth(dim: config.nEmbd),
                         generator: &generator)
            }
        }
    }

    /// output += scale * dropout(x) A^T B^T for `site`'s targets in `layer`, saving what backward needs in the arena.
    func addLoRA(_ site: LoRASite, output: Pointer, layer: Int, arena: ActivationArena) {
        let a = arena.blocks[layer]
        guard let lora, let loraWeights, let hidden = a.loraHidden, lora.adapts(site) else { return }
        var dropped = UnsafePointer(input(of: site, block: a))
        if let mask = a.loraMasks[site.rawValue], let buffer = a.loraInputs[site.rawValue] {
            Attention.multiply(dropped, mask, into: buffer, count: arena.rows * site.inputWidth(dim: config.nEmbd))
            dropped = UnsafePointer(buffer)
        }
        lora.forward(site, layer: layer, weights: loraWeights, droppedInput: dropped, output: output, hidden: hidden,
                     rows: arena.rows)
    }

    /// Backward of `site`'s low-rank paths in `layer` from `dOutput`, the gradient of the layer's whole output: adds
    /// dA and dB to `gradients`, and the gradient w.r.t. the layer's input (through the dropout mask) to `dInput` when
    /// given. `scratch` holds rows × (the layer's input width) floats free at that point.
    func addLoRAGradients(_ site: LoRASite, dOutput: UnsafePointer<Float>, dInput: Pointer?, layer: Int,
                          arena: ActivationArena, gradients: Pointer?, scratch: Pointer?) {
        let a = arena.blocks[layer]
        guard let lora, let loraWeights, let gradients, let scratch, let hidden = a.loraHidden,
              let dHidden = arena.gradients?.loraHidden, lora.adapts(site) else { return }
        let count = arena.rows * site.inputWidth(dim: config.nEmbd)
        let dropped = a.loraInputs[site.rawValue].map { UnsafePointer($0) } ?? UnsafePointer(input(of: site, block: a))
        lora.backward(site, layer: layer, weights: loraWeights, gradients: gradients, dOutput: dOutput,
                      droppedInput: dropped, hidden: hidden, dHidden: dHidden, dDroppedInput: dInput == nil ? nil : scratch,
                      rows: arena.rows)
        guard let dInput else { return }
        if let mask = a.loraMasks[site.rawValue] { Attention.multiply(scratch, mask, into: scratch, count: count) }
        VectorMath.add(scratch, into: dInput, count: count)
    }
}

extension IncrementalPass {
    /// output += scale * x A^T B^T for `site`'s targets in `layer` over `rows` entries (no dropout when decoding).
    func addLoRA(_ site: LoRASite, input: Pointer, output: Pointer, layer: Int, rows: Int, activations a: DecodeActivations) {
        guard let lora, let loraWeights, lora.adapts(site) else { return }
        lora.forward(site, layer: layer, weights: loraWeights, droppedInput: input, output: output, hidden: a.loraHidden,
                     rows: rows)
    }
}
