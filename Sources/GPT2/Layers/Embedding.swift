/// Token plus position embeddings, with embedding dropout applied to the sum.
enum Embedding {
    static func forward(out: UnsafeMutablePointer<Float>, tokens: UnsafePointer<Int32>,
                        wte: UnsafePointer<Float>, wpe: UnsafePointer<Float>, mask: UnsafePointer<Float>?,
                        batch: Int, length: Int, dim: Int) {
        for b in 0..<batch {
            for t in 0..<length {
                let row = b * length + t
                let y = out + row * dim
                let tokenRow = wte + Int(tokens[row]) * dim
                let positionRow = wpe + t * dim
                var i = 0
                while i + 16 <= dim {
                    var v = VectorMath.load(tokenRow, i) + VectorMath.load(positionRow, i)
                    if let mask { v *= VectorMath.load(mask + row * dim, i) }
                    VectorMath.store(v, y, i)
                    i += 16
                }
                while i < dim {
                    let v = tokenRow[i] + positionRow[i]
                    y[i] = mask.map { v * $0[row * dim + i] } ?? v
                    i += 1
                }
            }
        }
    }

    /// Scatters the output gradient (through the dropout mask) into the token and position rows, in row order.
    static func backward(dWte: UnsafeMutablePointer<Float>?, dWpe: UnsafeMutablePointer<Float>?,
                         dOut: UnsafeMutablePointer<Float>, tokens: UnsafePointer<Int32>, mask: UnsafePointer<Float>?,
                         batch: Int, length: Int, dim: Int) {
        let count = batch * length * dim
        if let mask {
            var i = 0
            while i + 16 <= count {
                VectorMath.store(VectorMath.load(dOut, i) * VectorMath.load(mask, i), dOut, i)
                i += 16
            }
            while i < count { dOut[i] *= mask[i]; i += 1 }
        }
        for b in 0..<batch {
            for t in 0..<length {
                let row = b * length + t
                if let dWte { VectorMath.add(dOut + row * dim, into: dWte + Int(tokens[row]) * dim, count: dim) }
                if let dWpe { VectorMath.add(dOut + row * dim, into: dWpe + t * dim, count: dim) }
            }
        }
    }
}
