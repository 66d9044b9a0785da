/// The LM head tied to `wte`, laid out for decoding: logits = h wte^T. Few rows stream wte once through a SIMD
/// kernel; more rows go to sgemm over a transposed copy [d, V] of wte, which OpenBLAS packs faster than wte
/// itself (about 20-45% less CPU for 10-40 rows in a C benchmark here).
struct TiedHead {
    let vocab: Int, dim: Int
    /// The model's weights (kept alive here) and where wte starts in them.
    let weights: FloatBuffer
    let wteOffset: Int
    /// wte^T, [d, V] row-major.
    let transposed: FloatBuffer

    init(model: GPT2Model) {
        vocab = model.config.vocabSize
        dim = model.config.nEmbd
        weights = model.parameters
        wteOffset = model.layout.wte
        var copy = FloatBuffer(count: vocab * dim)
        let destination = copy.mutablePointer(), source = weights.pointer + wteOffset
        let block = 64
        for tokenStart in stride(from: 0, to: vocab, by: block) {
            for columnStart in stride(from: 0, to: dim, by: block) {
                for token in tokenStart..<min(vocab, tokenStart + block) {
                    for column in columnStart..<min(dim, columnStart + block) {
                        destination[column * vocab + token] = source[token * dim + column]
                    }
                }
            }
        }
        transposed = copy
    }

    /// Up to this many rows, a SIMD kernel streaming wte once beats sgemm, whose packing of the whole matrix
    /// costs as much as the products when there are few rows (measured here: 2x faster at 4 rows, even at 10,
    /// 2x slower at 16 and more).
    static let streamingRowLimit = 8

    /// Logits [rows, V] of `rows` final hidden states [rows, d].
    func logits(hidden: UnsafePointer<Float>, rows: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: rows * vocab) { buffer, initialized in
            if let out = buffer.baseAddress, rows > 0 {
                if rows <= Self.streamingRowLimit {
                    streamingLogits(out: out, hidden: hidden, rows: rows)
                } else {
                    IncrementalPass.splitColumns(rows: rows, columns: vocab, inner: dim, input: hidden,
                                                 weight: transposed.pointer, ldWeight: vocab, beta: 0, out: out)
                }
            }
            initialized = rows * vocab
        }
    }

    /// Each wte row is read once and dotted with every hidden row (four at a time) while it sits in L1;
    /// the vocabulary is split between both cores.
    private func streamingLogits(out: UnsafeMutablePointer<Float>, hidden: UnsafePointer<Float>, rows: Int) {
        let d = dim, vocab = vocab, wte = weights.pointer + wteOffset
        let wide = d / 16 * 16
        RowPartition.forEach(count: vocab, minimumPerPart: 2048) { range in
            for token in range {
                let w = wte + token * d
                var row = 0
                while row + 4 <= rows {
                    let h0 = hidden + row * d, h1 = h0 + d, h2 = h1 + d, h3 = h2 + d
                    var a0 = SIMD16<Float>(), a1 = SIMD16<Float>(), a2 = SIMD16<Float>(), a3 = SIMD16<Float>()
                    var i = 0
                    while i < wide {
                        let x = VectorMath.load(w, i)
                        a0 += x * VectorMath.load(h0, i)
                        a1 += x * VectorMath.load(h1, i)
                        a2 += x * VectorMath.load(h2, i)
                        a3 += x * VectorMath.load(h3, i)
                        i += 16
                    }
                    var t0 = a0.sum(), t1 = a1.sum(), t2 = a2.sum(), t3 = a3.sum()
                    while i < d {
                        t0 += w[i] * h0[i]; t1 += w[i] * h1[i]; t2 += w[i] * h2[i]; t3 += w[i] * h3[i]
                        i += 1
                    }
                    out[row * vocab + token] = t0
                    out[(row + 1) * vocab + token] = t1
                    out[(row + 2) * vocab + token] = t2
                    out[(row + 3) * vocab + token] = t3
                    row += 4
                }
                while row < rows {
                    out[row * vocab + token] = VectorMath.dot(w, hidden + row * d, count: d)
                    row += 1
                }
            }
        }
    }
}
