/// Vectorised elementwise math over contiguous Float buffers (exp, tanh, sums) in SIMD16 lanes.
/// A polynomial exp (Cephes-style range reduction) replaces scalar `expf` over large buffers.
enum VectorMath {
    typealias Vector = SIMD16<Float>

    /// e^x for each lane; inputs below -87.3 give 0, above 88.7 give +inf-free 3.4e38-range values.
    @inline(__always)
    static func exp(_ x: Vector) -> Vector {
        // Explicit lane selects: the generic `clamped` checks its bounds per lane and is ten times slower.
        var clamped = x
        clamped.replace(with: Vector(repeating: -87.33654), where: x .< -87.33654)
        clamped.replace(with: Vector(repeating: 88.72283), where: x .> 88.72283)
        // Adding 1.5 * 2^23 rounds to the nearest integer and leaves it in the low mantissa bits.
        let magic = Vector(repeating: 12_582_912)
        let shifted = clamped * 1.442695040888963 + magic
        let n = shifted - magic
        var r = clamped - n * 0.693359375
        r = r + n * 2.12194440e-4
        var p = Vector(repeating: 1.9875691500e-4)
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        p = p * (r * r) + r + 1
        let integer = unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- 0x4B40_0000
        let scale = unsafeBitCast((integer &+ 127) &<< 23, to: Vector.self)
        let result = p * scale
        return result.replacing(with: 0, where: x .< -87.33654)
    }

    /// tanh through exp: 1 - 2 / (e^{2x} + 1), exact at both saturations.
    @inline(__always)
    static func tanh(_ x: Vector) -> Vector {
        1 - 2 / (exp(2 * x) + 1)
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, _ i: Int) -> Vector {
        UnsafeRawPointer(p + i).loadUnaligned(as: Vector.self)
    }

    @inline(__always)
    static func store(_ v: Vector, _ p: UnsafeMutablePointer<Float>, _ i: Int) {
        UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: Vector.self)
    }

    /// Loads `count` < 16 values into the low lanes, `fill` in the rest.
    @inline(__always)
    static func loadPartial(_ p: UnsafePointer<Float>, _ i: Int, count: Int, fill: Float) -> Vector {
        var v = Vector(repeating: fill)
        for lane in 0..<count { v[lane] = p[i + lane] }
        return v
    }

    @inline(__always)
    static func storePartial(_ v: Vector, _ p: UnsafeMutablePointer<Float>, _ i: Int, count: Int) {
        for lane in 0..<count { p[i + lane] = v[lane] }
    }

    /// Sum of `count` values, lanes reduced in a fixed order.
    static func sum(_ p: UnsafePointer<Float>, count: Int) -> Float {
        var acc = Vector()
        var i = 0
        while i + 16 <= count { acc += load(p, i); i += 16 }
        if i < count { acc += loadPartial(p, i, count: count - i, fill: 0) }
        return acc.sum()
    }

    /// Dot product of two buffers of `count` values. Inlined: attention calls it once per (query, key, head).
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var acc = Vector()
        var i = 0
        while i + 16 <= count { acc += load(a, i) * load(b, i); i += 16 }
        if i < count {
            acc += loadPartial(a, i, count: count - i, fill: 0) * loadPartial(b, i, count: count - i, fill: 0)
        }
        return laneSum(acc)
    }

    /// The lanes added in order from zero, as the standard library's `SIMD.sum()` adds them (bit for bit), but
    /// inlined: the library's generic sum is a call per vector, and its 15 dependent adds then cannot overlap the
    /// next vector's work.
    @inline(__always)
    static func laneSum(_ v: Vector) -> Float {
        var total: Float = 0
        for lane in 0..<16 { total += v[lane] }
        return total
    }

    /// Maximum of `count` > 0 values.
    static func max(_ p: UnsafePointer<Float>, count: Int) -> Float {
        var acc = Vector(repeating: -.infinity)
        var i = 0
        while i + 16 <= count { let v = load(p, i); acc.replace(with: v, where: v .> acc); i += 16 }
        if i < count { let v = loadPartial(p, i, count: count - i, fill: -.infinity); acc.replace(with: v, where: v .> acc) }
        return acc.max()
    }

    /// Maximum and sum of `count` > 0 values in one pass.
    static func maxAndSum(_ p: UnsafePointer<Float>, count: Int) -> (max: Float, sum: Float) {
        var top = Vector(repeating: -.infinity), total = Vector()
        var i = 0
        while i + 16 <= count {
            let v = load(p, i)
            top.replace(with: v, where: v .> top)
            total += v
            i += 16
        }
        if i < count {
            let v = loadPartial(p, i, count: count - i, fill: -.infinity)
            top.replace(with: v, where: v .> top)
            total += loadPartial(p, i, count: count - i, fill: 0)
        }
        return (top.max(), total.sum())
    }

    /// y[i] = y[i] * s - shift for `count` values.
    static func scaleAndShift(_ y: UnsafeMutablePointer<Float>, scale s: Float, shift: Float, count: Int) {
        var i = 0
        while i + 16 <= count { store(load(y, i) * s - shift, y, i); i += 16 }
        while i < count { y[i] = y[i] * s - shift; i += 1 }
    }

    /// p[i] = exp(p[i] - shift) for `count` values; returns their sum.
    static func expShiftedInPlace(_ p: UnsafeMutablePointer<Float>, count: Int, shift: Float) -> Float {
        var acc = Vector()
        var i = 0
        while i + 16 <= count {
            let e = exp(load(p, i) - shift)
            store(e, p, i)
            acc += e
            i += 16
        }
        if i < count {
            let e = exp(loadPartial(p, i, count: count - i, fill: -.infinity) - shift)
            storePartial(e, p, i, count: count - i)
            acc += e
        }
        return acc.sum()
    }

    /// y[i] += x[i] for `count` values.
    static func add(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 16 <= count { store(load(y, i) + load(x, i), y, i); i += 16 }
        while i < count { y[i] += x[i]; i += 1 }
    }

    /// y[i] *= s for `count` values.
    static func scale(_ y: UnsafeMutablePointer<Float>, by s: Float, count: Int) {
        var i = 0
        while i + 16 <= count { store(load(y, i) * s, y, i); i += 16 }
        while i < count { y[i] *= s; i += 1 }
    }
}
