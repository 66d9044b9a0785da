/// The low-rank path beside a frozen linear layer: out[:, columns] += scale * dropout(x) A^T B^T (loralib's
/// MergedLinear on a slice of c_attn, PEFT's Conv1D LoRA on a whole layer). A is [r, in], B [out, r].
enum LoRALinear {
    struct Shape {
        /// `outStride` is the leading dimension of the layer's output (3d for c_attn, whose slices q, k, v adapt).
        var rows: Int, inDim: Int, outDim: Int, outStride: Int, rank: Int, scale: Float
    }

    /// `droppedInput` is x through the LoRA dropout (or x itself); `out` points at the target's first output column;
    /// `hidden` receives x A^T [rows, r] for backward.
    static func forward(out: UnsafeMutablePointer<Float>, droppedInput: UnsafePointer<Float>,
                        a: UnsafePointer<Float>, b: UnsafePointer<Float>, hidden: UnsafeMutablePointer<Float>,
                        shape s: Shape) {
        PartitionedGemm.splittingRows(transB: true, m: s.rows, n: s.rank, k: s.inDim, a: droppedInput, lda: s.inDim,
                                      b: a, ldb: s.inDim, c: hidden, ldc: s.rank)
        PartitionedGemm.splittingRows(transB: true, m: s.rows, n: s.outDim, k: s.rank, alpha: s.scale, a: hidden,
                                      lda: s.rank, b: b, ldb: s.rank, beta: 1, c: out, ldc: s.outStride)
    }

    /// Adds dA and dB; adds (or writes, on the first target of a layer) the gradient w.r.t. the dropped input into
    /// `dDroppedInput` [rows, in] unless it is nil (the first block, below which nothing trains). `dOut` points at the target's first column of the layer's output gradient;
    /// `dHidden` is scratch of rows * r floats.
    static func backward(dA: UnsafeMutablePointer<Float>, dB: UnsafeMutablePointer<Float>,
                         dDroppedInput: UnsafeMutablePointer<Float>?, accumulateInput: Bool,
                         dOut: UnsafePointer<Float>, droppedInput: UnsafePointer<Float>,
                         a: UnsafePointer<Float>, b: UnsafePointer<Float>, hidden: UnsafePointer<Float>,
                         dHidden: UnsafeMutablePointer<Float>, shape s: Shape) {
        PartitionedGemm.splittingRows(transA: true, m: s.outDim, n: s.rank, k: s.rows, alpha: s.scale, a: dOut,
                                      lda: s.outStride, b: hidden, ldb: s.rank, beta: 1, c: dB, ldc: s.rank)
        PartitionedGemm.splittingRows(m: s.rows, n: s.rank, k: s.outDim, alpha: s.scale, a: dOut, lda: s.outStride,
                                      b: b, ldb: s.rank, c: dHidden, ldc: s.rank)
        PartitionedGemm.splittingColumns(transA: true, m: s.rank, n: s.inDim, k: s.rows, a: dHidden, lda: s.rank,
                                         b: droppedInput, ldb: s.inDim, beta: 1, c: dA, ldc: s.inDim)
        guard let dDroppedInput else { return }
        PartitionedGemm.splittingRows(m: s.rows, n: s.inDim, k: s.rank, a: dHidden, lda: s.rank, b: a, ldb: s.inDim,
                                      beta: accumulateInput ? 1 : 0, c: dDroppedInput, ldc: s.inDim)
    }

    /// Conv1D weight [in, outStride] columns += sign * scale * A^T B^T, i.e. (B A)^T; `weight` points at the
    /// target's first column.
    static func fold(into weight: UnsafeMutablePointer<Float>, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                     shape s: Shape) {
        gemm(transA: true, transB: true, m: s.inDim, n: s.outDim, k: s.rank, alpha: s.scale, a: a, lda: s.inDim,
             b: b, ldb: s.rank, beta: 1, c: weight, ldc: s.outStride)
    }
}
