import SeededRandom

/// Causal multi-head self-attention over a fused qkv buffer ([rows, 3d]: q | k | v, heads side by side),
/// one sgemm per head for scores and for the weighted sum; dropout on the attention probabilities.
/// Each head's dropout mask is drawn from its own generator seeded by (pass seed, head), so backward
/// regenerates it instead of storing B x H x T x T masks, and the heads' draws do not depend on the partition.
/// With a key/value prefix (`Attention.Prefix`, prefix tuning) each query also attends to the prefix's rows.
enum Attention {
    /// Attention-probability dropout of one pass: the probability and the seed the masks derive from.
    struct Dropout {
        var probability: Float
        var seed: UInt64
        /// The global index of the pass's first sequence, when the pass holds some rows of a shared batch.
        var firstSequence = 0
    }

    struct Shape {
        var batch: Int, length: Int, heads: Int, dim: Int
        /// Key/value prefix rows before the sequence (0 without prefix tuning).
        var prefix = 0
        var headDim: Int { dim / heads }
        /// Score columns of a query: the prefix's, then the sequence's.
        var columns: Int { prefix + length }
        var probsPerHead: Int { length * columns }
    }

    /// Scratch floats one pass needs: per part of the head partition, three T x (prefix + T) buffers.
    static func scratchCount(length: Int, prefix: Int = 0) -> Int { RowPartition.parts * 3 * length * (prefix + length) }

    /// Fills `mask` with head `index`'s dropout mask (T x T).
    private static func fillMask(_ mask: UnsafeMutablePointer<Float>, dropout: Dropout, head index: Int, count: Int) {
        var generator = SeededGenerator(seed: dropout.seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        GPT2.Dropout.fillMask(mask, count: count, probability: dropout.probability, generator: &generator)
    }

    /// Writes softmax probabilities to `probs` [B, H, T, prefix + T] and the merged head outputs to `out` [B*T, d].
    /// Heads are split between the cores, each running single-threaded sgemm on its own scratch.
    static func forward(out: UnsafeMutablePointer<Float>, probs: UnsafeMutablePointer<Float>,
                        qkv: UnsafePointer<Float>, dropout: Dropout?, prefix: Prefix? = nil,
                        scratch: UnsafeMutablePointer<Float>, shape s: Shape) {
        let t = s.length, d = s.dim, hs = s.headDim, columns = s.columns, before = s.prefix
        let scale = 1 / Float(hs).squareRoot()
        WorkTimer.measure(.attention) { forEachHead(shape: s, scratch: scratch) { b, h, _, scratch in
            let q = qkv + b * t * 3 * d + h * hs
            let k = q + d, v = q + 2 * d
            let head = (b * s.heads + h) * s.probsPerHead
            let p = probs + head
            prefix?.scores(query: q, head: h, scale: scale, into: p, shape: s)
            gemm(transB: true, m: t, n: t, k: hs, alpha: scale, a: q, lda: 3 * d, b: k, ldb: 3 * d,
                 c: p + before, ldc: columns)
            for i in 0..<t {
                let row = p + i * columns, live = before + i + 1
                let maxValue = VectorMath.max(row, count: live)
                let sum = VectorMath.expShiftedInPlace(row, count: live, shift: maxValue)
                VectorMath.scale(row, by: 1 / sum, count: live)
                if live < columns { (row + live).update(repeating: 0, count: columns - live) }
            }
            var weights = UnsafePointer(p)
            if let dropout {
                let mask = scratch + s.probsPerHead
                fillMask(mask, dropout: dropout, head: (dropout.firstSequence + b) * s.heads + h, count: s.probsPerHead)
                multiply(p, mask, into: scratch, count: s.probsPerHead)
                weights = UnsafePointer(scratch)
            }
            let y = out + b * t * d + h * hs
            prefix?.output(weights: weights, head: h, into: y, shape: s)
            gemm(m: t, n: hs, k: t, a: weights + before, lda: columns, b: v, ldb: 3 * d, beta: prefix == nil ? 0 : 1,
                 c: y, ldc: d)
        } }
    }

    /// Writes (not adds) the qkv gradient, heads split between the cores as in `forward`; adds the prefix's key
    /// and value gradients where `prefix` says.
    static func backward(dQKV: UnsafeMutablePointer<Float>, dOut: UnsafePointer<Float>,
                         qkv: UnsafePointer<Float>, probs: UnsafePointer<Float>, dropout: Dropout?, prefix: Prefix? = nil,
                         scratch: UnsafeMutablePointer<Float>, shape s: Shape) {
        let t = s.length, d = s.dim, hs = s.headDim, columns = s.columns, before = s.prefix
        let scale = 1 / Float(hs).squareRoot()
        prefix?.clearParts(dim: d)
        defer { prefix?.addParts(dim: d) }
        WorkTimer.measure(.attention) { forEachHead(shape: s, scratch: scratch) { b, h, part, scratch in
            let dropped = scratch, dP = scratch + s.probsPerHead, mask = scratch + 2 * s.probsPerHead
            let q = qkv + b * t * 3 * d + h * hs
            let k = q + d, v = q + 2 * d
            let dq = dQKV + b * t * 3 * d + h * hs
            let dk = dq + d, dv = dq + 2 * d
            let dy = dOut + b * t * d + h * hs
            let head = (b * s.heads + h) * s.probsPerHead
            let p = probs + head
            var weights = p
            if let dropout {
                fillMask(mask, dropout: dropout, head: (dropout.firstSequence + b) * s.heads + h, count: s.probsPerHead)
                multiply(p, mask, into: dropped, count: s.probsPerHead)
                weights = UnsafePointer(dropped)
            }
            gemm(transA: true, m: t, n: hs, k: t, a: weights + before, lda: columns, b: dy, ldb: d, c: dv, ldc: 3 * d)
            prefix?.probabilityGradient(dy: dy, head: h, into: dP, shape: s)
            gemm(transB: true, m: t, n: t, k: hs, a: dy, lda: d, b: v, ldb: 3 * d, c: dP + before, ldc: columns)
            if dropout != nil { multiply(dP, mask, into: dP, count: s.probsPerHead) }
            for i in 0..<t {
                let pRow = p + i * columns, gRow = dP + i * columns, live = before + i + 1
                let inner = VectorMath.dot(pRow, gRow, count: live)
                var j = 0
                while j + 16 <= live {
                    let g = VectorMath.load(pRow, j) * (VectorMath.load(gRow, j) - inner)
                    VectorMath.store(g, gRow, j)
                    j += 16
                }
                while j < live { gRow[j] = pRow[j] * (gRow[j] - inner); j += 1 }
                if live < columns { (gRow + live).update(repeating: 0, count: columns - live) }
            }
            gemm(m: t, n: hs, k: t, alpha: scale, a: dP + before, lda: columns, b: k, ldb: 3 * d, c: dq, ldc: 3 * d)
            gemm(transA: true, m: t, n: hs, k: t, alpha: scale, a: dP + before, lda: columns, b: q, ldb: 3 * d,
                 c: dk, ldc: 3 * d)
            prefix?.backward(dScores: dP, weights: weights, query: q, dy: dy, dq: dq, head: h, scale: scale, part: part,
                             shape: s)
        } }
    }

    /// Runs `body(b, h, part, scratch)` for every head, the (b, h) pairs split in fixed contiguous parts, one per core;
    /// OpenBLAS runs single-threaded meanwhile, since these products are too small to share.
    private static func forEachHead(shape s: Shape, scratch: UnsafeMutablePointer<Float>,
                                    _ body: (Int, Int, Int, UnsafeMutablePointer<Float>) -> Void) {
        let threads = BLASThreads.count
        BLASThreads.set(1)
        RowPartition.forEachPart(count: s.batch * s.heads, minimumPerPart: 1) { part, range in
            let own = scratch + part * 3 * s.probsPerHead
            for pair in range { body(pair / s.heads, pair % s.heads, part, own) }
        }
        BLASThreads.set(threads)
    }

    @inline(__always)
    static func multiply(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into c: UnsafeMutablePointer<Float>,
                         count: Int) {
        var i = 0
        while i + 16 <= count {
            VectorMath.store(VectorMath.load(a, i) * VectorMath.load(b, i), c, i)
            i += 16
        }
        while i < count { c[i] = a[i] * b[i]; i += 1 }
    }
}
