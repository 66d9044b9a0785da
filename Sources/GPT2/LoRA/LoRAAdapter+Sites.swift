/// The adapter at one linear layer of a block (`LoRASite`): what the training pass, the KV-cached pass and merging
/// run for each target there.
extension LoRAAdapter {
    /// Whether any target adapts the layer at `site`.
    func adapts(_ site: LoRASite) -> Bool { options.targets.contains { $0.site == site } }

    /// `target`'s path over `rows` rows, scaled by `scale` (the adapter's alpha / r by default).
    func shape(_ target: LoRATarget, rows: Int, scale: Float? = nil) -> LoRALinear.Shape {
        LoRALinear.Shape(rows: rows, inDim: target.inputWidth(dim: dim), outDim: target.outputWidth(dim: dim),
                         outStride: target.site.outputStride(dim: dim), rank: options.rank, scale: scale ?? options.scaling)
    }

    /// Adds the deltas of `site`'s targets in `layer` to the layer's `output`; `hidden` ([target index, rows, r])
    /// keeps each target's x A^T for backward.
    func forward(_ site: LoRASite, layer: Int, weights: UnsafePointer<Float>, droppedInput: UnsafePointer<Float>,
                 output: UnsafeMutablePointer<Float>, hidden: UnsafeMutablePointer<Float>, rows: Int) {
        for (index, target) in options.targets.enumerated() where target.site == site {
            LoRALinear.forward(out: output + target.column(dim: dim), droppedInput: droppedInput,
                               a: weights + aOffset(layer: layer, target: target),
                               b: weights + bOffset(layer: layer, target: target),
                               hidden: hidden + index * rows * options.rank, shape: shape(target, rows: rows))
        }
    }

    /// Backward of `site`'s targets in `layer`: adds their dA and dB into `gradients` (the adapter's layout) and
    /// writes the gradient w.r.t. the dropped input [rows, in] into `dDroppedInput` when given. `dOutput` is the gradient of
    /// the layer's whole output; `dHidden` is scratch of rows * r floats.
    func backward(_ site: LoRASite, layer: Int, weights: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>,
                  dOutput: UnsafePointer<Float>, droppedInput: UnsafePointer<Float>, hidden: UnsafePointer<Float>,
                  dHidden: UnsafeMutablePointer<Float>, dDroppedInput: UnsafeMutablePointer<Float>?, rows: Int) {
        var first = true
        for (index, target) in options.targets.enumerated() where target.site == site {
            let a = aOffset(layer: layer, target: target), b = bOffset(layer: layer, target: target)
            LoRALinear.backward(dA: gradients + a, dB: gradients + b, dDroppedInput: dDroppedInput, accumulateInput: !first,
                                dOut: dOutput + target.column(dim: dim), droppedInput: droppedInput,
                                a: weights + a, b: weights + b, hidden: hidden + index * rows * options.rank,
                                dHidden: dHidden, shape: shape(target, rows: rows))
            first = false
        }
    }

    /// Adds sign * scale * (B A)^T of every layer and target into the base weights (`layout`'s Conv1D matrices).
    func fold(into base: UnsafeMutablePointer<Float>, layout: ParameterLayout, sign: Float) {
        for layer in 0..<layerCount {
            for target in options.targets {
                LoRALinear.fold(into: base + target.site.weightOffset(layout.blocks[layer]) + target.column(dim: dim),
                                a: values.pointer + aOffset(layer: layer, target: target),
                                b: values.pointer + bOffset(layer: layer, target: target),
                                shape: shape(target, rows: 0, scale: sign * options.scaling))
            }
        }
    }
}
