import Foundation

/// AdamW hyperparameters; the defaults are the LoRA paper's E2E setting.
public struct AdamWOptions: Sendable, Hashable, Codable {
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    public var weightDecay: Float

    public init(beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-6, weightDecay: Float = 0.01) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }
}

/// AdamW with torch.optim.AdamW's semantics: decoupled decay p *= 1 - lr wd first, then
/// p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps). Decay applies to every trained tensor
/// (biases and LayerNorm included), as the LoRA repository's training script does.
public struct AdamW: Sendable {
    public let options: AdamWOptions
    public private(set) var stepCount = 0
    var m: FloatBuffer
    var v: FloatBuffer

    public init(options: AdamWOptions, parameterCount: Int) {
        self.options = options
        m = FloatBuffer(count: parameterCount)
        v = FloatBuffer(count: parameterCount)
    }

    /// Bytes of optimizer state (first and second moments).
    public var stateByteCount: Int { m.byteCount + v.byteCount }

    /// One update of `count` parameters from their gradients at learning rate `lr`.
    mutating func update(parameters: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>, count: Int,
                         learningRate lr: Float) {
        stepCount += 1
        let t = Double(stepCount)
        let b1 = options.beta1, b2 = options.beta2
        let stepSize = Float(Double(lr) / (1 - Foundation.pow(Double(b1), t)))
        let inverseCorrection2 = Float(1 / (1 - Foundation.pow(Double(b2), t)).squareRoot())
        let decay = 1 - lr * options.weightDecay
        let eps = options.epsilon
        let mp = m.mutablePointer(), vp = v.mutablePointer()
        let blockCount = (count + 16 * 4096 - 1) / (16 * 4096)
        typealias V = SIMD16<Float>
        RowPartition.forEach(count: blockCount, minimumPerPart: 1) { blocks in
            for block in blocks {
                let start = block * 16 * 4096
                let end = Swift.min(count, start + 16 * 4096)
                var i = start
                while i + 16 <= end {
                    let g = VectorMath.load(gradients, i)
                    let mi = b1 * VectorMath.load(mp, i) + (1 - b1) * g
                    let vi = b2 * VectorMath.load(vp, i) + (1 - b2) * g * g
                    VectorMath.store(mi, mp, i)
                    VectorMath.store(vi, vp, i)
                    let denominator = vi.squareRoot() * inverseCorrection2 + eps
                    VectorMath.store(VectorMath.load(parameters, i) * decay - stepSize * mi / denominator, parameters, i)
                    i += 16
                }
                while i < end {
                    let g = gradients[i]
                    mp[i] = b1 * mp[i] + (1 - b1) * g
                    vp[i] = b2 * vp[i] + (1 - b2) * g * g
                    parameters[i] = parameters[i] * decay - stepSize * mp[i] / (vp[i].squareRoot() * inverseCorrection2 + eps)
                    i += 1
                }
            }
        }
    }
}
