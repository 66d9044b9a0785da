/// The key/value prefix inside attention (prefix tuning): every query of a sequence first attends to `length` rows
/// of keys and values shared by all sequences, so a head's scores are T x (length + T), prefix columns first.
extension Attention {
    struct Prefix {
        /// Row p of a head's keys (values) starts at `keys + p * stride + h * headDim` (`values + ...`).
        var keys: UnsafePointer<Float>, values: UnsafePointer<Float>
        var stride: Int
        var length: Int
        /// Backward only: where the keys' and values' gradients are added (same layout), and per part of the head
        /// partition a scratch of 2 x length x d floats the part accumulates into (summed in part order at the end).
        var dKeys: UnsafeMutablePointer<Float>? = nil, dValues: UnsafeMutablePointer<Float>? = nil
        var partScratch: UnsafeMutablePointer<Float>? = nil

        /// Scratch floats for the backward's per-part prefix gradients.
        static func scratchCount(length: Int, dim: Int) -> Int { RowPartition.parts * 2 * length * dim }

        /// Prefix columns of the scores: p[:, 0..<length] = scale q Kp^T (row stride `columns`).
        func scores(query q: UnsafePointer<Float>, head h: Int, scale: Float, into p: UnsafeMutablePointer<Float>,
                    shape s: Shape) {
            gemm(transB: true, m: s.length, n: length, k: s.headDim, alpha: scale, a: q, lda: 3 * s.dim,
                 b: keys + h * s.headDim, ldb: stride, c: p, ldc: s.columns)
        }

        /// out = weights[:, 0..<length] Vp (written; the sequence's part is added after).
        func output(weights: UnsafePointer<Float>, head h: Int, into out: UnsafeMutablePointer<Float>, shape s: Shape) {
            gemm(m: s.length, n: s.headDim, k: length, a: weights, lda: s.columns, b: values + h * s.headDim, ldb: stride,
                 c: out, ldc: s.dim)
        }

        /// dP[:, 0..<length] = dy Vp^T.
        func probabilityGradient(dy: UnsafePointer<Float>, head h: Int, into dP: UnsafeMutablePointer<Float>, shape s: Shape) {
            gemm(transB: true, m: s.length, n: length, k: s.headDim, a: dy, lda: s.dim, b: values + h * s.headDim,
                 ldb: stride, c: dP, ldc: s.columns)
        }

        /// dq += scale dS[:, 0..<length] Kp, and this part's dKp += scale dS^T q, dVp += weights^T dy.
        func backward(dScores dS: UnsafePointer<Float>, weights: UnsafePointer<Float>, query q: UnsafePointer<Float>,
                      dy: UnsafePointer<Float>, dq: UnsafeMutablePointer<Float>, head h: Int, scale: Float, part: Int,
                      shape s: Shape) {
            gemm(m: s.length, n: s.headDim, k: length, alpha: scale, a: dS, lda: s.columns, b: keys + h * s.headDim,
                 ldb: stride, beta: 1, c: dq, ldc: 3 * s.dim)
            guard let partScratch else { return }
            let dKeys = partScratch + part * 2 * length * s.dim + h * s.headDim, dValues = dKeys + length * s.dim
            gemm(transA: true, m: length, n: s.headDim, k: s.length, alpha: scale, a: dS, lda: s.columns, b: q,
                 ldb: 3 * s.dim, beta: 1, c: dKeys, ldc: s.dim)
            gemm(transA: true, m: length, n: s.headDim, k: s.length, a: weights, lda: s.columns, b: dy, ldb: s.dim,
                 beta: 1, c: dValues, ldc: s.dim)
        }

        func clearParts(dim: Int) {
            partScratch?.update(repeating: 0, count: Self.scratchCount(length: length, dim: dim))
        }

        /// Adds every part's key and value gradients, in part order, into `dKeys` and `dValues`.
        func addParts(dim: Int) {
            guard let partScratch, let dKeys, let dValues else { return }
            for part in 0..<RowPartition.parts {
                let dk = partScratch + part * 2 * length * dim, dv = dk + length * dim
                for p in 0..<length {
                    VectorMath.add(dk + p * dim, into: dKeys + p * stride, count: dim)
                    VectorMath.add(dv + p * dim, into: dValues + p * stride, count: dim)
                }
            }
        }
    }
}
