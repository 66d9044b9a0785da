/// The global L2 norm of a gradient buffer, summed in double precision in a fixed block order.
enum GradientNorm {
    static func global(_ values: UnsafePointer<Float>, count: Int) -> Double {
        let block = 1 << 16
        var total = 0.0
        var start = 0
        while start < count {
            let n = min(block, count - start)
            total += Double(VectorMath.dot(values + start, values + start, count: n))
            start += n
        }
        return total.squareRoot()
    }
}
