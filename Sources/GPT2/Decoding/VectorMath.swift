/// Elementwise transcendental functions over SIMD16 lanes, for loops over whole vocabularies
/// where scalar `expf` would dominate.
enum VectorMath {
    /// e^x with a relative error of a few float ulps for x in [-87.3, 88]; below gives 0, above 88.3 gives +inf.
    @inline(__always)
    static func exp(_ x: SIMD16<Float>) -> SIMD16<Float> {
        let clamped = x.clamped(lowerBound: SIMD16(repeating: -87.3), upperBound: SIMD16(repeating: 88.3))
        // x = n ln2 + r with |r| <= ln2 / 2; ln2 split in two parts keeps r exact.
        let n = (clamped * 1.442_695_04).rounded(.toNearestOrEven)
        var r = clamped - n * 0.693_359_375
        r = r + n * 2.121_944_4e-4
        // Degree-6 Taylor-like minimax polynomial for e^r on [-ln2/2, ln2/2].
        var p = SIMD16<Float>(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_6e-2
        p = p * r + 0.166_666_66
        p = p * r + 0.5
        p = p * r * r + r + 1
        // Scale by 2^n through the exponent bits.
        let bits = (SIMD16<Int32>(truncatingIfNeeded: SIMD16<Int32>(n)) &+ 127) &<< 23
        var result = p * unsafeBitCast(bits, to: SIMD16<Float>.self)
        result.replace(with: 0, where: x .< -87.3)
        result.replace(with: .infinity, where: x .> 88.3)
        return result
    }
}
