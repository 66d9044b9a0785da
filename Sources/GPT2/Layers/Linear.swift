/// HF Conv1D (`y = x W + b`, W stored [in, out]) over row-major activations, through sgemm.
enum Linear {
    /// out[rows, outDim] (leading dimension `ldOut`) = input[rows, inDim] * weight + bias.
    static func forward(out: UnsafeMutablePointer<Float>, ldOut: Int? = nil, input: UnsafePointer<Float>,
                        weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                        rows: Int, inDim: Int, outDim: Int) {
        let ld = ldOut ?? outDim
        if let bias {
            for row in 0..<rows { (out + row * ld).update(from: bias, count: outDim) }
        }
        PartitionedGemm.splittingRows(m: rows, n: outDim, k: inDim, a: input, lda: inDim, b: weight, ldb: outDim,
                                      beta: bias == nil ? 0 : 1, c: out, ldc: ld)
    }

    /// dInput (= or +=, by `accumulateInput`) = dOut * W^T; dWeight += input^T * dOut; dBias += column sums.
    /// Frozen weights pass nil gradients and skip that work.
    static func backward(dInput: UnsafeMutablePointer<Float>?, accumulateInput: Bool = false,
                         dWeight: UnsafeMutablePointer<Float>?, dBias: UnsafeMutablePointer<Float>?,
                         dOut: UnsafePointer<Float>, ldDOut: Int? = nil, input: UnsafePointer<Float>,
                         weight: UnsafePointer<Float>, rows: Int, inDim: Int, outDim: Int) {
        let ld = ldDOut ?? outDim
        if let dInput {
            PartitionedGemm.splittingRows(transB: true, m: rows, n: inDim, k: outDim, a: dOut, lda: ld, b: weight,
                                          ldb: outDim, beta: accumulateInput ? 1 : 0, c: dInput, ldc: inDim)
        }
        if let dWeight {
            WorkTimer.countWeightGradient()
            PartitionedGemm.splittingRows(transA: true, m: inDim, n: outDim, k: rows, a: input, lda: inDim, b: dOut,
                                          ldb: ld, beta: 1, c: dWeight, ldc: outDim)
        }
        if let dBias {
            for row in 0..<rows { VectorMath.add(dOut + row * ld, into: dBias, count: outDim) }
        }
    }
}
