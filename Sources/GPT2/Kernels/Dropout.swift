import SeededRandom

/// Inverted dropout masks: each entry is 0 with probability p, else 1/(1-p), so expectations are kept.
enum Dropout {
    /// Fills `mask` with `count` draws from `generator`, two per 64-bit draw (its low half, then its high half),
    /// in index order; sixteen entries at a time from eight draws, then one by one.
    static func fillMask(_ mask: UnsafeMutablePointer<Float>, count: Int, probability p: Float,
                         generator: inout SeededGenerator) {
        let keep = 1 / (1 - p)
        let threshold = UInt32(Double(p) * 4_294_967_296.0)
        let keepLanes = SIMD16<Float>(repeating: keep), thresholdLanes = SIMD16<UInt32>(repeating: threshold)
        var i = 0
        while i + 16 <= count {
            var draws = SIMD8<UInt64>()
            for lane in 0..<8 { draws[lane] = generator.next() }
            // Little-endian: lane 2k is draw k's low half, lane 2k + 1 its high half.
            let halves = unsafeBitCast(draws, to: SIMD16<UInt32>.self)
            VectorMath.store(keepLanes.replacing(with: 0, where: halves .< thresholdLanes), mask, i)
            i += 16
        }
        while i < count {
            let bits = generator.next()
            mask[i] = UInt32(truncatingIfNeeded: bits) < threshold ? 0 : keep
            if i + 1 < count { mask[i + 1] = UInt32(truncatingIfNeeded: bits >> 32) < threshold ? 0 : keep }
            i += 2
        }
    }

    /// Entries `window` of the mask `fillMask` would give over `total` entries, drawing from `generator` exactly what
    /// it would (entry i is a half of draw i / 2): the share of one of several processes splitting a batch's rows.
    static func fillMask(_ mask: UnsafeMutablePointer<Float>, window: Range<Int>, total: Int, probability p: Float,
                         generator: inout SeededGenerator) {
        var drawn = window.lowerBound / 2
        for _ in 0..<drawn { _ = generator.next() }
        var filled = 0
        if window.lowerBound % 2 == 1, !window.isEmpty {
            // The window's first entry is the high half of the draw it shares with the entry before it.
            let threshold = UInt32(Double(p) * 4_294_967_296.0)
            mask[0] = UInt32(truncatingIfNeeded: generator.next() >> 32) < threshold ? 0 : 1 / (1 - p)
            drawn += 1
            filled = 1
        }
        fillMask(mask + filled, count: window.count - filled, probability: p, generator: &generator)
        drawn += (window.count - filled + 1) / 2
        for _ in 0..<max(0, (total + 1) / 2 - drawn) { _ = generator.next() }
    }
}
