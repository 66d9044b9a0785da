/// One bottleneck adapter over rows of width d, in place: x <- x + f(norm(x) Wd + bd) Wu + bu.
enum Bottleneck {
    typealias Pointer = UnsafeMutablePointer<Float>

    enum Activation { case gelu, relu }

    /// The adapter's weights (and, in backward, their gradients: same offsets in the gradient buffer).
    struct Weights {
        var norm: (weight: UnsafePointer<Float>, bias: UnsafePointer<Float>)?
        var downWeight: UnsafePointer<Float>, downBias: UnsafePointer<Float>
        var upWeight: UnsafePointer<Float>, upBias: UnsafePointer<Float>

        init(_ base: UnsafePointer<Float>, slot: BottleneckAdapter.Slot) {
            if let weight = slot.normWeight, let bias = slot.normBias { norm = (base + weight, base + bias) }
            downWeight = base + slot.downWeight
            downBias = base + slot.downBias
            upWeight = base + slot.upWeight
            upBias = base + slot.upBias
        }
    }

    /// Activations kept for backward. `input` (a copy of x before the update) may be nil at inference; `pre` and
    /// `hidden` may be the same buffer at inference (the activation then runs in place). `normalized`, `mean` and
    /// `rstd` are used only with a norm.
    struct Saved {
        var input: Pointer?
        var normalized: Pointer, mean: Pointer, rstd: Pointer, pre: Pointer, hidden: Pointer
    }

    struct Shape {
        var rows: Int, dim: Int, size: Int, eps: Float, activation: Activation
    }

    static func forward(_ x: Pointer, weights w: Weights, saved s: Saved, shape: Shape) {
        let n = shape.rows, d = shape.dim, m = shape.size
        if let input = s.input { input.update(from: x, count: n * d) }
        var z = UnsafePointer(x)
        if let norm = w.norm {
            LayerNorm.forward(out: s.normalized, mean: s.mean, rstd: s.rstd, input: x, weight: norm.weight,
                              bias: norm.bias, rows: n, dim: d, eps: shape.eps)
            z = UnsafePointer(s.normalized)
        }
        Linear.forward(out: s.pre, input: z, weight: w.downWeight, bias: w.downBias, rows: n, inDim: d, outDim: m)
        switch shape.activation {
        case .gelu: GELU.forward(out: s.hidden, input: s.pre, count: n * m)
        case .relu: for i in 0..<(n * m) { s.hidden[i] = max(s.pre[i], 0) }
        }
        for row in 0..<n { VectorMath.add(w.upBias, into: x + row * d, count: d) }
        PartitionedGemm.splittingRows(m: n, n: d, k: m, a: s.hidden, lda: m, b: w.upWeight, ldb: d, beta: 1, c: x, ldc: d)
    }

    /// Turns `gradient` (w.r.t. the adapter's output) into the gradient w.r.t. its input, in place, and adds the
    /// weight gradients into `grads` (pointers laid out as `weights`). `dHidden` holds rows x m floats; `dNormalized`
    /// and `scratch` rows x d (used only with a norm).
    static func backward(gradient g: Pointer, grads: Weights, weights w: Weights, saved s: Saved, shape: Shape,
                         dHidden: Pointer, dNormalized: Pointer, scratch: Pointer) {
        let n = shape.rows, d = shape.dim, m = shape.size
        guard let input = s.input else { return }
        func mutable(_ p: UnsafePointer<Float>) -> Pointer { Pointer(mutating: p) }
        Linear.backward(dInput: dHidden, dWeight: mutable(grads.upWeight), dBias: mutable(grads.upBias), dOut: g,
                        input: s.hidden, weight: w.upWeight, rows: n, inDim: m, outDim: d)
        switch shape.activation {
        case .gelu: GELU.backward(dInput: dHidden, dOut: dHidden, input: s.pre, count: n * m)
        case .relu: for i in 0..<(n * m) where s.pre[i] <= 0 { dHidden[i] = 0 }
        }
        if let norm = w.norm, let dNorm = grads.norm {
            Linear.backward(dInput: dNormalized, dWeight: mutable(grads.downWeight), dBias: mutable(grads.downBias),
                            dOut: dHidden, input: s.normalized, weight: w.downWeight, rows: n, inDim: d, outDim: m)
            LayerNorm.backward(dInput: g, dWeight: mutable(dNorm.weight), dBias: mutable(dNorm.bias), dOut: dNormalized,
                               input: input, weight: norm.weight, mean: s.mean, rstd: s.rstd, scratch: scratch,
                               rows: n, dim: d)
        } else {
            Linear.backward(dInput: g, accumulateInput: true, dWeight: mutable(grads.downWeight),
                            dBias: mutable(grads.downBias), dOut: dHidden, input: input, weight: w.downWeight,
                            rows: n, inDim: d, outDim: m)
        }
    }
}
