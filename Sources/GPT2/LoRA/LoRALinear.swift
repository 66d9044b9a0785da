/// The low-rank path beside a frozen c_attn: qkv[:, slice] += scale * dropout(x) A^T B^T, as loralib's MergedLinear.
enum LoRALinear {
    struct Shape {
        var rows: Int, dim: Int, rank: Int, scale: Float
    }

    /// `droppedInput` is x through the LoRA dropout (or x itself); `hidden` receives x A^T [rows, r] for backward.
    static func forward(qkv: UnsafeMutablePointer<Float>, slot: Int, droppedInput: UnsafePointer<Float>,
                        a: UnsafePointer<Float>, b: UnsafePointer<Float>, hidden: UnsafeMutablePointer<Float>,
                        shape s: Shape) {
        PartitionedGemm.splittingRows(transB: true, m: s.rows, n: s.rank, k: s.dim, a: droppedInput, lda: s.dim,
                                      b: a, ldb: s.dim, c: hidden, ldc: s.rank)
        PartitionedGemm.splittingRows(transB: true, m: s.rows, n: s.dim, k: s.rank, alpha: s.scale, a: hidden,
                                      lda: s.rank, b: b, ldb: s.rank, beta: 1, c: qkv + slot * s.dim, ldc: 3 * s.dim)
    }

    /// Adds dA and dB; adds (or writes, on the first target) the gradient w.r.t. the dropped input into `dDroppedInput`.
    /// `dHidden` is scratch of rows * r floats.
    static func backward(dA: UnsafeMutablePointer<Float>, dB: UnsafeMutablePointer<Float>,
                         dDroppedInput: UnsafeMutablePointer<Float>, accumulateInput: Bool,
                         dQKV: UnsafePointer<Float>, slot: Int, droppedInput: UnsafePointer<Float>,
                         a: UnsafePointer<Float>, b: UnsafePointer<Float>, hidden: UnsafePointer<Float>,
                         dHidden: UnsafeMutablePointer<Float>, shape s: Shape) {
        let dOut = dQKV + slot * s.dim
        PartitionedGemm.splittingRows(transA: true, m: s.dim, n: s.rank, k: s.rows, alpha: s.scale, a: dOut,
                                      lda: 3 * s.dim, b: hidden, ldb: s.rank, beta: 1, c: dB, ldc: s.rank)
        PartitionedGemm.splittingRows(m: s.rows, n: s.rank, k: s.dim, alpha: s.scale, a: dOut, lda: 3 * s.dim,
                                      b: b, ldb: s.rank, c: dHidden, ldc: s.rank)
        PartitionedGemm.splittingColumns(transA: true, m: s.rank, n: s.dim, k: s.rows, a: dHidden, lda: s.rank,
                                         b: droppedInput, ldb: s.dim, beta: 1, c: dA, ldc: s.dim)
        PartitionedGemm.splittingRows(m: s.rows, n: s.dim, k: s.rank, a: dHidden, lda: s.rank, b: a, ldb: s.dim,
                                      beta: accumulateInput ? 1 : 0, c: dDroppedInput, ldc: s.dim)
    }

    /// c_attn weight [d, 3d] slice += sign * scale * A^T B^T, i.e. (B A)^T in Conv1D's [in, out] layout.
    static func fold(into weight: UnsafeMutablePointer<Float>, slot: Int, a: UnsafePointer<Float>,
                     b: UnsafePointer<Float>, dim: Int, rank: Int, scale: Float) {
        gemm(transA: true, transB: true, m: dim, n: dim, k: rank, alpha: scale, a: a, lda: dim, b: b, ldb: rank,
             beta: 1, c: weight + slot * dim, ldc: 3 * dim)
    }
}
