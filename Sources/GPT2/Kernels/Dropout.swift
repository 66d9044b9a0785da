/// Inverted dropout masks: each entry is 0 with probability p, else 1/(1-p), so expectations are kept.
enum Dropout {
    /// Fills `mask` with `count` draws from `generator`, two per 64-bit draw, in index order.
    static func fillMask(_ mask: UnsafeMutablePointer<Float>, count: Int, probability p: Float,
                         generator: inout SeededGenerator) {
        let keep = 1 / (1 - p)
        let threshold = UInt32(Double(p) * 4_294_967_296.0)
        var i = 0
        while i < count {
            let bits = generator.next()
            mask[i] = UInt32(truncatingIfNeeded: bits) < threshold ? 0 : keep
            if i + 1 < count { mask[i + 1] = UInt32(truncatingIfNeeded: bits >> 32) < threshold ? 0 : keep }
            i += 2
        }
    }
}
