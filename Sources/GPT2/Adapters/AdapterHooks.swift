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
