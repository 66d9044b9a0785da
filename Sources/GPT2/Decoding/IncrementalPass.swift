import CBLAS

/// The evaluation forward pass for query tokens whose earlier positions sit in a `KVCache`: each entry is one
/// token of one cache row at one position. Linear layers run over all entries at once (sgemm, M = entries);
/// each entry attends over its own row's cached positions up to its own.
struct IncrementalPass {
    typealias Pointer = UnsafeMutablePointer<Float>

    let config: GPT2Config
    let layout: ParameterLayout
    let weights: UnsafePointer<Float>
    /// The LoRA adapter whose low-rank paths run beside the targeted layers (`addLoRA`), when it is not merged.
    let lora: LoRAAdapter?
    let loraWeights: UnsafePointer<Float>?
    /// Bottleneck adapters (AdapterH / AdapterL), entering at the same points as in `TransformerPass`.
    let adapter: BottleneckAdapter?
    let adapterWeights: UnsafePointer<Float>?

    init(model: GPT2Model) {
        config = model.config
        layout = model.layout
        weights = model.parameters.pointer
        let active = model.isLoRAMerged ? nil : model.lora
        lora = active
        loraWeights = active?.values.pointer
        adapter = model.adapter
        adapterWeights = model.adapter?.values.pointer
    }

    /// Runs the entries through every block, writing their keys and values into fresh `cache` slots at (row, position),
    /// and leaves the final LayerNorm output [entries, d] in `activations.normalized`.
    /// Every row's earlier positions must already be cached; `activations` must have room for the entries.
    func run(tokens: UnsafePointer<Int32>, rows: UnsafePointer<Int>, positions: UnsafePointer<Int>, entries n: Int,
             cache: KVCache, activations a: DecodeActivations) {
        let d = config.nEmbd, w = weights, eps = config.layerNormEpsilon
        cache.assignSlots(rows: rows, positions: positions, count: n, entrySlots: a.slots)
        for e in 0..<n {
            let token = w + layout.wte + Int(tokens[e]) * d, position = w + layout.wpe + positions[e] * d
            let out = a.residual + e * d
            for i in 0..<d { out[i] = token[i] + position[i] }
        }
        for l in 0..<config.nLayer {
            let p = layout.blocks[l]
            LayerNorm.forward(out: a.normalized, mean: a.mean, rstd: a.rstd, input: a.residual, weight: w + p.ln1Weight,
                              bias: w + p.ln1Bias, rows: n, dim: d, eps: eps)
            Self.project(out: a.qkv, input: a.normalized, weight: w + p.qkvWeight, bias: w + p.qkvBias,
                           rows: n, inDim: d, outDim: 3 * d)
            addLoRA(.qkv, input: a.normalized, output: a.qkv, layer: l, rows: n, activations: a)
            store(layer: l, entries: n, cache: cache, activations: a)
            attend(layer: l, rows: rows, positions: positions, entries: n, cache: cache, activations: a)
            Self.project(out: a.branch, input: a.attention, weight: w + p.attnProjWeight, bias: w + p.attnProjBias,
                           rows: n, inDim: d, outDim: d)
            addLoRA(.attentionOutput, input: a.attention, output: a.branch, layer: l, rows: n, activations: a)
            adapt(.attention, a.branch, layer: l, rows: n, activations: a)
            VectorMath.add(a.branch, into: a.residual, count: n * d)
            LayerNorm.forward(out: a.normalized, mean: a.mean, rstd: a.rstd, input: a.residual, weight: w + p.ln2Weight,
                              bias: w + p.ln2Bias, rows: n, dim: d, eps: eps)
            Self.project(out: a.fc, input: a.normalized, weight: w + p.fcWeight, bias: w + p.fcBias,
                           rows: n, inDim: d, outDim: 4 * d)
            addLoRA(.fc, input: a.normalized, output: a.fc, layer: l, rows: n, activations: a)
            GELU.forward(out: a.fc, input: a.fc, count: 4 * n * d)
            Self.project(out: a.branch, input: a.fc, weight: w + p.mlpProjWeight, bias: w + p.mlpProjBias,
                           rows: n, inDim: 4 * d, outDim: d)
            addLoRA(.mlpOutput, input: a.fc, output: a.branch, layer: l, rows: n, activations: a)
            adapt(.mlp, a.branch, layer: l, rows: n, activations: a)
            VectorMath.add(a.branch, into: a.residual, count: n * d)
            adapt(.block, a.residual, layer: l, rows: n, activations: a)
        }
        LayerNorm.forward(out: a.normalized, mean: a.mean, rstd: a.rstd, input: a.residual, weight: w + layout.lnfWeight,
                          bias: w + layout.lnfBias, rows: n, dim: d, eps: eps)
    }

    /// Copies each entry's keys and values (adjacent in the fused qkv row) into its cache slot.
    private func store(layer: Int, entries n: Int, cache: KVCache, activations a: DecodeActivations) {
        let d = config.nEmbd
        for e in 0..<n {
            cache.keys(layer: layer, slot: Int(a.slots[e])).update(from: a.qkv + e * 3 * d + d, count: 2 * d)
        }
    }

    /// softmax(q K^T / sqrt(hs)) V for every (entry, head), over positions 0...position of the entry's row. An entry's
    /// heads go together, so each cached slot's keys (then values) are read once, contiguously, for all heads; each
    /// head's scores, softmax and weighted sum are computed exactly as one head alone would.
    private func attend(layer: Int, rows: UnsafePointer<Int>, positions: UnsafePointer<Int>, entries n: Int,
                        cache: KVCache, activations a: DecodeActivations) {
        let d = config.nEmbd, heads = config.nHead, hs = d / heads
        let scale = 1 / Float(hs).squareRoot()
        let qkv = UnsafePointer(a.qkv), out = a.attention, scores = a.scores, stride = a.scoreLength
        // Split across cores only when each part gets enough work to pay for waking a thread (about 64k multiply-adds).
        var longest = 0
        for e in 0..<n { longest = max(longest, positions[e] + 1) }
        RowPartition.forEach(count: n, minimumPerPart: max(1, 32_768 / (longest * d))) { range in
            for e in range {
                let q = qkv + e * 3 * d
                let slots = cache.slots(row: rows[e])
                let s = scores + e * heads * stride
                let count = positions[e] + 1
                for j in 0..<min(count, Self.prefetchDistance) { Self.prefetch(cache.keys(layer: layer, slot: Int(slots[j])), count: d) }
                for j in 0..<count {
                    if j + Self.prefetchDistance < count {
                        Self.prefetch(cache.keys(layer: layer, slot: Int(slots[j + Self.prefetchDistance])), count: d)
                    }
                    let keys = cache.keys(layer: layer, slot: Int(slots[j]))
                    for h in 0..<heads {
                        s[h * stride + j] = VectorMath.dot(q + h * hs, keys + h * hs, count: hs) * scale
                    }
                }
                for h in 0..<heads {
                    let p = s + h * stride
                    let maximum = VectorMath.max(p, count: count)
                    let sum = VectorMath.expShiftedInPlace(p, count: count, shift: maximum)
                    VectorMath.scale(p, by: 1 / sum, count: count)
                }
                let y = out + e * d
                y.update(repeating: 0, count: d)
                for j in 0..<min(count, Self.prefetchDistance) { Self.prefetch(cache.keys(layer: layer, slot: Int(slots[j])) + d, count: d) }
                for j in 0..<count {
                    if j + Self.prefetchDistance < count {
                        Self.prefetch(cache.keys(layer: layer, slot: Int(slots[j + Self.prefetchDistance])) + d, count: d)
                    }
                    let values = cache.keys(layer: layer, slot: Int(slots[j])) + d
                    for h in 0..<heads {
                        Self.addScaled(values + h * hs, by: s[h * stride + j], into: y + h * hs, count: hs)
                    }
                }
            }
        }
    }

    /// Slots ahead of the one being read whose keys (or values) are already being fetched.
    static let prefetchDistance = 4

    /// Starts fetching the cache lines of `count` floats (a hint: it changes no value).
    @inline(__always)
    static func prefetch(_ p: UnsafePointer<Float>, count: Int) {
        for offset in stride(from: 0, to: count, by: 16) { lorabook_prefetch(p + offset) }
    }

    /// y = x W + b with the output columns split between the cores, each part single-threaded: sgemv for one
    /// row (it streams W once; sgemm would pack all of it first), sgemm otherwise. Run with OpenBLAS set to one
    /// thread (`GPT2Generator` does): for a few rows its own threading cost more than it saved (beam 10 decoding
    /// ran twice as fast this way, measured here).
    static func project(out: Pointer, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                        bias: UnsafePointer<Float>, rows: Int, inDim: Int, outDim: Int) {
        for row in 0..<rows { (out + row * outDim).update(from: bias, count: outDim) }
        splitColumns(rows: rows, columns: outDim, inner: inDim, input: input, weight: weight, ldWeight: outDim,
                     beta: 1, out: out)
    }

    /// out[rows, columns] (leading dimension `columns`) = input[rows, inner] weight[inner, columns] + beta out,
    /// the columns split in two fixed halves run on both cores.
    static func splitColumns(rows: Int, columns: Int, inner: Int, input: UnsafePointer<Float>,
                             weight: UnsafePointer<Float>, ldWeight: Int, beta: Float, out: Pointer) {
        // A part must carry about 4M multiply-adds to repay waking the second core.
        RowPartition.forEach(count: columns, minimumPerPart: max(128, (1 << 22) / max(1, rows * inner))) { range in
            let first = range.lowerBound
            if rows == 1 {
                cblas_sgemv(CblasRowMajor, CblasTrans, Int32(inner), Int32(range.count), 1, weight + first,
                            Int32(ldWeight), input, 1, beta, out + first, 1)
            } else {
                gemm(m: rows, n: range.count, k: inner, a: input, lda: inner, b: weight + first, ldb: ldWeight,
                     beta: beta, c: out + first, ldc: columns)
            }
        }
    }

    /// y += w * x over `count` values.
    @inline(__always)
    static func addScaled(_ x: UnsafePointer<Float>, by w: Float, into y: Pointer, count: Int) {
        var i = 0
        while i + 16 <= count {
            VectorMath.store(VectorMath.load(y, i) + w * VectorMath.load(x, i), y, i)
            i += 16
        }
        while i < count { y[i] += w * x[i]; i += 1 }
    }
}
