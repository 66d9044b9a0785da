/// The named points where bottleneck adapters enter the training, evaluation and decoding passes; each does nothing
/// when the model has no adapter there, so the passes read as the plain network.
extension BottleneckAdapter {
    func shape(rows: Int, eps: Float) -> Bottleneck.Shape {
        Bottleneck.Shape(rows: rows, dim: dim, size: options.size, eps: eps, activation: options.activation)
    }
}

extension TransformerPass {
    /// x <- adapter(x) at `point` of `layer`, saving what backward needs in the arena.
    func adapt(_ point: AdapterPoint, _ x: Pointer, layer: Int, arena: ActivationArena) {
        guard let adapter, let adapterWeights, let slot = adapter.slot(layer: layer, point: point),
              let index = adapter.options.points.firstIndex(of: point) else { return }
        Bottleneck.forward(x, weights: Bottleneck.Weights(adapterWeights, slot: slot),
                           saved: arena.blocks[layer].adapter[index],
                           shape: adapter.shape(rows: arena.rows, eps: config.layerNormEpsilon))
    }

    /// The gradient w.r.t. the adapter's output at `point` becomes the gradient w.r.t. its input (in place); its
    /// weight gradients are added to `gradients`. `scratch` holds two rows x d buffers free at that point.
    func adaptBackward(_ point: AdapterPoint, _ gradient: Pointer, layer: Int, arena: ActivationArena,
                       gradients: Pointer?, scratch: (Pointer, Pointer)) {
        guard let adapter, let adapterWeights, let gradients, let dHidden = arena.gradients?.adapterHidden,
              let slot = adapter.slot(layer: layer, point: point),
              let index = adapter.options.points.firstIndex(of: point) else { return }
        Bottleneck.backward(gradient: gradient, grads: Bottleneck.Weights(gradients, slot: slot),
                            weights: Bottleneck.Weights(adapterWeights, slot: slot),
                            saved: arena.blocks[layer].adapter[index],
                            shape: adapter.shape(rows: arena.rows, eps: config.layerNormEpsilon),
                            dHidden: dHidden, dNormalized: scratch.0, scratch: scratch.1)
    }

    /// out = residual + branch through its residual dropout, with the adapter at `point` (AdapterH's attention and MLP
    /// points) run on the branch after its dropout, as Houlsby et al.'s adapter-bert (dense, dropout, adapter, add)
    /// and AdapterHub do: with a mask, the branch is masked in place, adapted, then added unmasked. Without an
    /// adapter there or without a mask this is the plain masked add, the same arithmetic as before adapters.
    func addBranch(_ point: AdapterPoint, out: Pointer, residual: UnsafePointer<Float>, branch: Pointer,
                   mask: UnsafePointer<Float>?, layer: Int, arena: ActivationArena) {
        let count = arena.rows * config.nEmbd
        guard let mask, adapter?.slot(layer: layer, point: point) != nil else {
            adapt(point, branch, layer: layer, arena: arena)
            Residual.forward(out: out, residual: residual, branch: branch, mask: mask, count: count)
            return
        }
        Residual.drop(branch, mask: mask, count: count)
        adapt(point, branch, layer: layer, arena: arena)
        Residual.forward(out: out, residual: residual, branch: branch, mask: nil, count: count)
    }

    /// `addBranch` backward: from the output's gradient `dOut`, the gradient w.r.t. the branch before its dropout in
    /// `dBranch` (through the adapter, whose weight gradients are added to `gradients`, then the mask).
    func addBranchBackward(_ point: AdapterPoint, dBranch: Pointer, dOut: UnsafePointer<Float>, mask: UnsafePointer<Float>?,
                           layer: Int, arena: ActivationArena, gradients: Pointer?, scratch: (Pointer, Pointer)) {
        let count = arena.rows * config.nEmbd
        let adapted = mask != nil && adapter?.slot(layer: layer, point: point) != nil
        Residual.backward(dBranch: dBranch, dOut: dOut, mask: adapted ? nil : mask, count: count)
        adaptBackward(point, dBranch, layer: layer, arena: arena, gradients: gradients, scratch: scratch)
        if adapted, let mask { Residual.drop(dBranch, mask: mask, count: count) }
    }
}

extension IncrementalPass {
    /// x <- adapter(x) at `point` of `layer` for `rows` entries, in `a.fc` (hidden) and `a.normalized` (norm), both
    /// free at every point (the bottleneck is at most d wide, `fc` 4d).
    func adapt(_ point: AdapterPoint, _ x: Pointer, layer: Int, rows: Int, activations a: DecodeActivations) {
        guard let adapter, let adapterWeights, let slot = adapter.slot(layer: layer, point: point) else { return }
        Bottleneck.forward(x, weights: Bottleneck.Weights(adapterWeights, slot: slot),
                           saved: Bottleneck.Saved(input: nil, normalized: a.normalized, mean: a.mean, rstd: a.rstd,
                                                   pre: a.fc, hidden: a.fc),
                           shape: adapter.shape(rows: rows, eps: config.layerNormEpsilon))
    }
}
