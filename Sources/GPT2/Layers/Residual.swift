/// The residual connection with dropout on the branch: out = x + branch * mask.
enum Residual {
    static func forward(out: UnsafeMutablePointer<Float>, residual: UnsafePointer<Float>,
                        branch: UnsafePointer<Float>, mask: UnsafePointer<Float>?, count: Int) {
        var i = 0
        if let mask {
            while i + 16 <= count {
                let v = VectorMath.load(residual, i) + VectorMath.load(branch, i) * VectorMath.load(mask, i)
                VectorMath.store(v, out, i)
                i += 16
            }
            while i < count { out[i] = residual[i] + branch[i] * mask[i]; i += 1 }
        } else {
            while i + 16 <= count {
                VectorMath.store(VectorMath.load(residual, i) + VectorMath.load(branch, i), out, i)
                i += 16
            }
            while i < count { out[i] = residual[i] + branch[i]; i += 1 }
        }
    }

    /// x <- x * mask in place: the residual dropout applied to a branch on its own (or to its gradient), for an adapter
    /// that runs between the dropout and the add (`TransformerPass.addBranch`). Each product is the one `forward` adds.
    static func drop(_ x: UnsafeMutablePointer<Float>, mask: UnsafePointer<Float>, count: Int) {
        var i = 0
        while i + 16 <= count {
            VectorMath.store(VectorMath.load(x, i) * VectorMath.load(mask, i), x, i)
            i += 16
        }
        while i < count { x[i] *= mask[i]; i += 1 }
    }

    /// The branch's gradient: the residual gradient through the dropout mask (the residual path passes it on unchanged).
    static func backward(dBranch: UnsafeMutablePointer<Float>, dOut: UnsafePointer<Float>,
                         mask: UnsafePointer<Float>?, count: Int) {
        guard let mask else {
            dBranch.update(from: dOut, count: count)
            return
        }
        var i = 0
        while i + 16 <= count {
            VectorMath.store(VectorMath.load(dOut, i) * VectorMath.load(mask, i), dBranch, i)
            i += 16
        }
        while i < count { dBranch[i] = dOut[i] * mask[i]; i += 1 }
    }
}
