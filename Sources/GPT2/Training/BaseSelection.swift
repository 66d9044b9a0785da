/// Which base weights train under a selective method, as ranges of the flat parameter buffer; no new layers.
/// - BitFit (Ben Zaken et al. 2022): every bias, the LayerNorm biases included (its code trains every tensor named
///   `bias`); weights, LayerNorm gains and embeddings stay frozen.
/// - Top k blocks (FT-top2 in Li & Liang 2021 and the LoRA paper, k = 2): every tensor of the last k transformer
///   blocks; the embeddings (so the tied head), the final LayerNorm and the lower blocks stay frozen.
/// The trainer computes base gradients into a full-layout buffer and gathers these ranges for the optimizer, so the
/// moments hold only the trained values and the frozen ones are never written.
struct BaseSelection: Sendable, Equatable {
    /// Disjoint, ascending ranges of the flat parameter buffer.
    let ranges: [Range<Int>]
    let count: Int
    /// Whether the token embedding (and so the tied LM head) trains: its gradient is computed only then.
    let includesTokenEmbedding: Bool
    /// The lowest block anything trains in or under: backward stops there (0 when the embeddings train).
    let lowestLayer: Int

    init(ranges: [Range<Int>], layout: ParameterLayout, lowestLayer: Int = 0) {
        self.ranges = ranges
        self.lowestLayer = lowestLayer
        count = ranges.reduce(0) { $0 + $1.count }
        let wte = layout.wte..<(layout.wte + (layout.entries.first { $0.name == "transformer.wte.weight" }?.count ?? 0))
        includesTokenEmbedding = ranges.contains { $0.overlaps(wte) }
    }

    /// Every `*.bias` tensor (linear and LayerNorm).
    static func biases(layout: ParameterLayout) -> BaseSelection {
        BaseSelection(ranges: layout.entries.filter { $0.name.hasSuffix(".bias") }.map { $0.offset..<($0.offset + $0.count) },
                      layout: layout)
    }

    /// Every tensor of blocks `nLayer - k ..< nLayer` (contiguous in the layout); `k` must be in 1...nLayer.
    static func topBlocks(_ k: Int, layout: ParameterLayout, config: GPT2Config) throws -> BaseSelection {
        guard (1...config.nLayer).contains(k) else {
            throw GPT2Error.invalidConfig(reason: "top blocks \(k) must be in 1...\(config.nLayer) (the model's layers)")
        }
        let prefixes = (config.nLayer - k..<config.nLayer).map { "transformer.h.\($0)." }
        let entries = layout.entries.filter { entry in prefixes.contains { entry.name.hasPrefix($0) } }
        return BaseSelection(ranges: entries.map { $0.offset..<($0.offset + $0.count) }, layout: layout,
                             lowestLayer: config.nLayer - k)
    }

    /// Copies the selected values of a full-layout buffer into a compact one of `count` values (range order).
    func gather(_ full: UnsafePointer<Float>, into compact: UnsafeMutablePointer<Float>) {
        var at = 0
        for range in ranges {
            (compact + at).update(from: full + range.lowerBound, count: range.count)
            at += range.count
        }
    }

    /// The inverse of `gather`: writes a compact buffer's values back to their places in the full layout.
    func scatter(_ compact: UnsafePointer<Float>, into full: UnsafeMutablePointer<Float>) {
        var at = 0
        for range in ranges {
            (full + range.lowerBound).update(from: compact + at, count: range.count)
            at += range.count
        }
    }
}
