import Foundation

/// The tied LM head (logits = h wte^T) with softmax cross-entropy and label smoothing, in row chunks,
/// so training never holds the full [rows, vocab] logits.
/// Per row: loss = (1 - eps) (lse - z[target]) + eps (lse - mean z); d loss / dz = p - (1 - eps) onehot - eps / V.
enum LMHeadLoss {
    struct Scratch {
        var logits: UnsafeMutablePointer<Float>     // chunkRows * vocab
        var input: UnsafeMutablePointer<Float>      // chunkRows * dim
        var dInput: UnsafeMutablePointer<Float>     // chunkRows * dim
        var rowLoss: UnsafeMutablePointer<Double>   // chunkRows
        var chunkRows: Int
    }

    /// Sums the loss over `rows` (indices into `hidden`); with `dHidden`, writes each listed row's gradient
    /// times `gradientScale` there (other rows untouched) and adds the head's gradient to `dWte` when given.
    static func run(rows: [Int], hidden: UnsafePointer<Float>, wte: UnsafePointer<Float>, targets: UnsafePointer<Int32>,
                    labelSmoothing eps: Float, gradientScale: Float,
                    dHidden: UnsafeMutablePointer<Float>?, dWte: UnsafeMutablePointer<Float>?,
                    scratch: Scratch, vocab: Int, dim: Int) -> Double {
        var total = 0.0
        var start = 0
        while start < rows.count {
            let n = min(scratch.chunkRows, rows.count - start)
            for i in 0..<n { (scratch.input + i * dim).update(from: hidden + rows[start + i] * dim, count: dim) }
            PartitionedGemm.splittingColumns(transB: true, m: n, n: vocab, k: dim, a: scratch.input, lda: dim,
                                             b: wte, ldb: dim, c: scratch.logits, ldc: vocab)
            let wantsGradient = dHidden != nil
            RowPartition.forEach(count: n, minimumPerPart: 1) { range in
                for i in range {
                    let z = scratch.logits + i * vocab
                    let target = Int(targets[rows[start + i]])
                    let (maxValue, sumZ) = VectorMath.maxAndSum(z, count: vocab)
                    let meanZ = sumZ / Float(vocab)
                    let targetZ = z[target]
                    let sum = VectorMath.expShiftedInPlace(z, count: vocab, shift: maxValue)
                    let lse = Double(maxValue) + log(Double(sum))
                    let nll = lse - Double(targetZ)
                    let smooth = lse - Double(meanZ)
                    scratch.rowLoss[i] = Double(1 - eps) * nll + Double(eps) * smooth
                    if wantsGradient {
                        let w = gradientScale
                        VectorMath.scaleAndShift(z, scale: w / sum, shift: w * eps / Float(vocab), count: vocab)
                        z[target] -= w * (1 - eps)
                    }
                }
            }
            for i in 0..<n { total += scratch.rowLoss[i] }
            if let dHidden {
                PartitionedGemm.splittingRows(m: n, n: dim, k: vocab, a: scratch.logits, lda: vocab, b: wte, ldb: dim,
                                              c: scratch.dInput, ldc: dim)
                for i in 0..<n { (dHidden + rows[start + i] * dim).update(from: scratch.dInput + i * dim, count: dim) }
                if let dWte {
                    WorkTimer.countWeightGradient()
                    PartitionedGemm.splittingRows(transA: true, m: vocab, n: dim, k: n, a: scratch.logits, lda: vocab,
                                                  b: scratch.input, ldb: dim, beta: 1, c: dWte, ldc: dim)
                }
            }
            start += n
        }
        return total
    }

    /// All logits [rows, vocab] for evaluation and parity checks.
    static func logits(out: UnsafeMutablePointer<Float>, hidden: UnsafePointer<Float>, wte: UnsafePointer<Float>,
                       rows: Int, vocab: Int, dim: Int) {
        gemm(transB: true, m: rows, n: vocab, k: dim, a: hidden, lda: dim, b: wte, ldb: dim, c: out, ldc: vocab)
    }
}
