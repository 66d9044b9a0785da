/// LayerNorm over the last dimension (biased variance, eps inside the square root), as torch computes it.
enum LayerNorm {
    typealias V = SIMD16<Float>

    /// out = (x - mean) * rstd * weight + bias per row; keeps mean and rstd for the backward pass.
    static func forward(out: UnsafeMutablePointer<Float>, mean: UnsafeMutablePointer<Float>,
                        rstd: UnsafeMutablePointer<Float>, input: UnsafePointer<Float>,
                        weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                        rows: Int, dim: Int, eps: Float) {
        RowPartition.forEach(count: rows) { range in
            for row in range {
                let x = input + row * dim
                let y = out + row * dim
                let m = VectorMath.sum(x, count: dim) / Float(dim)
                var acc = V()
                var i = 0
                while i + 16 <= dim {
                    let c = VectorMath.load(x, i) - m
                    acc += c * c
                    i += 16
                }
                var tail: Float = 0
                while i < dim { let c = x[i] - m; tail += c * c; i += 1 }
                let variance = (acc.sum() + tail) / Float(dim)
                let s = 1 / (variance + eps).squareRoot()
                i = 0
                while i + 16 <= dim {
                    let n = (VectorMath.load(x, i) - m) * s
                    VectorMath.store(n * VectorMath.load(weight, i) + VectorMath.load(bias, i), y, i)
                    i += 16
                }
                while i < dim { y[i] = (x[i] - m) * s * weight[i] + bias[i]; i += 1 }
                mean[row] = m
                rstd[row] = s
            }
        }
    }

    /// Adds the input gradient to `dInput`; adds weight and bias gradients when those buffers are given.
    /// `scratch` holds `rows * dim` floats (the normalised input is recomputed there).
    static func backward(dInput: UnsafeMutablePointer<Float>,
                         dWeight: UnsafeMutablePointer<Float>?, dBias: UnsafeMutablePointer<Float>?,
                         dOut: UnsafePointer<Float>, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                         mean: UnsafePointer<Float>, rstd: UnsafePointer<Float>,
                         scratch: UnsafeMutablePointer<Float>, rows: Int, dim: Int) {
        RowPartition.forEach(count: rows) { range in
            for row in range {
                let x = input + row * dim
                let dy = dOut + row * dim
                let dx = dInput + row * dim
                let n = scratch + row * dim
                let m = mean[row], s = rstd[row]
                var sumG = V(), sumGN = V()
                var i = 0
                while i + 16 <= dim {
                    let xn = (VectorMath.load(x, i) - m) * s
                    VectorMath.store(xn, n, i)
                    let g = VectorMath.load(dy, i) * VectorMath.load(weight, i)
                    sumG += g
                    sumGN += g * xn
                    i += 16
                }
                var tailG: Float = 0, tailGN: Float = 0
                while i < dim {
                    let xn = (x[i] - m) * s
                    n[i] = xn
                    let g = dy[i] * weight[i]
                    tailG += g
                    tailGN += g * xn
                    i += 1
                }
                let meanG = (sumG.sum() + tailG) / Float(dim)
                let meanGN = (sumGN.sum() + tailGN) / Float(dim)
                i = 0
                while i + 16 <= dim {
                    let g = VectorMath.load(dy, i) * VectorMath.load(weight, i)
                    let update = (g - meanG - VectorMath.load(n, i) * meanGN) * s
                    VectorMath.store(VectorMath.load(dx, i) + update, dx, i)
                    i += 16
                }
                while i < dim {
                    dx[i] += (dy[i] * weight[i] - meanG - n[i] * meanGN) * s
                    i += 1
                }
            }
        }
        guard let dWeight, let dBias else { return }
        for row in 0..<rows {
            let dy = dOut + row * dim
            let n = scratch + row * dim
            var i = 0
            while i + 16 <= dim {
                let g = VectorMath.load(dy, i)
                VectorMath.store(VectorMath.load(dBias, i) + g, dBias, i)
                VectorMath.store(VectorMath.load(dWeight, i) + g * VectorMath.load(n, i), dWeight, i)
                i += 16
            }
            while i < dim { dBias[i] += dy[i]; dWeight[i] += dy[i] * n[i]; i += 1 }
        }
    }
}
