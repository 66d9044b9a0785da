/// GPT-2's tanh-approximated GELU (HF `gelu_new`): 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).
enum GELU {
    typealias V = SIMD16<Float>
    static let c: Float = 0.7978845608028654
    static let k: Float = 0.044715

    static func forward(out: UnsafeMutablePointer<Float>, input: UnsafePointer<Float>, count: Int) {
        RowPartition.forEach(count: count / 16, minimumPerPart: 1024) { range in
            for block in range {
                let i = block * 16
                let x = VectorMath.load(input, i)
                let u: V = c * (x + k * x * x * x)
                let t: V = VectorMath.tanh(u)
                VectorMath.store(0.5 * x * (1 + t), out, i)
            }
        }
        var i = count / 16 * 16
        while i < count {
            let x = input[i]
            let t = VectorMath.tanh(V(repeating: c * (x + k * x * x * x)))[0]
            out[i] = 0.5 * x * (1 + t)
            i += 1
        }
    }

    /// dInput = dOut * gelu'(input), written over `dInput`.
    static func backward(dInput: UnsafeMutablePointer<Float>, dOut: UnsafePointer<Float>,
                         input: UnsafePointer<Float>, count: Int) {
        @inline(__always) func derivative(_ x: V) -> V {
            let x2: V = x * x
            let u: V = c * (x + k * x2 * x)
            let t: V = VectorMath.tanh(u)
            let slope: V = c * (1 + 3 * k * x2)
            let left: V = 0.5 * (1 + t)
            let right: V = 0.5 * x * (1 - t * t) * slope
            return left + right
        }
        RowPartition.forEach(count: count / 16, minimumPerPart: 1024) { range in
            for block in range {
                let i = block * 16
                VectorMath.store(VectorMath.load(dOut, i) * derivative(VectorMath.load(input, i)), dInput, i)
            }
        }
        var i = count / 16 * 16
        while i < count {
            dInput[i] = dOut[i] * derivative(V(repeating: input[i]))[0]
            i += 1
        }
    }
}
