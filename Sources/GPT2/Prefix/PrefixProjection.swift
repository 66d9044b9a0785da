import Foundation
import SeededRandom

/// Li & Liang's reparameterisation of the prefix for training, as HF PEFT's `PrefixEncoder` with
/// `prefix_projection=True`: a trainable embedding E [length, d] goes through Linear(d → H), tanh and
/// Linear(H → nLayer × 2 × d), and the output rows are the key/value prefix (`PrefixAdapter.values`, laid out as PEFT's
/// `past_key_values`: per position, per layer the key then the value, heads side by side).
///
/// The prefix does not depend on the input, so the MLP runs once per optimizer step (after each update), and backward
/// carries the key/value gradients of every layer, summed over the step's batches, back through it once. After
/// training only its output matters: PEFT saves the output as `prompt_embeddings` and Li & Liang drop the MLP, so
/// decoding uses the values as for a plain prefix (computing them once is the same computation).
public struct PrefixProjection: Sendable, Equatable {
    public let length: Int, dim: Int, hidden: Int, output: Int
    /// PEFT's parameters in its order and torch layouts ([out, in] weights): `embedding.weight` [length, d],
    /// `transform.0.weight` [H, d], `transform.0.bias` [H], `transform.2.weight` [output, H], `transform.2.bias` [output].
    public internal(set) var parameters: FloatBuffer

    /// The parameters' names in PEFT's `PrefixEncoder` (its state_dict), in `parameters`' order.
    public static let tensorNames = ["embedding.weight", "transform.0.weight", "transform.0.bias",
                                     "transform.2.weight", "transform.2.bias"]

    var shapes: [[Int]] { [[length, dim], [hidden, dim], [hidden], [output, hidden], [output]] }

    /// Where each tensor of `tensorNames` starts in `parameters`.
    var offsets: [Int] { Array(shapes.reduce(into: [0]) { $0.append($0.last! + $1.reduce(1, *)) }.dropLast()) }

    static func parameterCount(length: Int, dim: Int, hidden: Int, output: Int) -> Int {
        length * dim + hidden * dim + hidden + output * hidden + output
    }

    /// E ~ N(0, 1) as PEFT's `nn.Embedding`; each Linear's weight and bias U(-1/√in, 1/√in), torch's `nn.Linear` default.
    init(length: Int, dim: Int, hidden: Int, output: Int, seed: UInt64) {
        self.length = length
        self.dim = dim
        self.hidden = hidden
        self.output = output
        parameters = FloatBuffer(count: Self.parameterCount(length: length, dim: dim, hidden: hidden, output: output))
        var generator = SeededGenerator(seed: seed)
        let p = parameters.mutablePointer(), o = offsets
        for i in 0..<(length * dim) { p[i] = Float(generator.nextNormal()) }
        for (range, inDim) in [(o[1]..<o[3], dim), (o[3]..<parameters.count, hidden)] {
            let bound = 1 / Float(inDim).squareRoot()
            for i in range { p[i] = (2 * generator.nextUnitFloat() - 1) * bound }
        }
    }

    /// tanh(E W1ᵀ + b1) [length, H].
    private func hiddenActivations() -> [Float] {
        var h = [Float](repeating: 0, count: length * hidden)
        let p = parameters.pointer, o = offsets
        h.withUnsafeMutableBufferPointer { h in
            guard let h = h.baseAddress else { return }
            for row in 0..<length { (h + row * hidden).update(from: p + o[2], count: hidden) }
            gemm(transB: true, m: length, n: hidden, k: dim, a: p + o[0], lda: dim, b: p + o[1], ldb: dim, beta: 1,
                 c: h, ldc: hidden)
            for i in 0..<(length * hidden) { h[i] = tanhf(h[i]) }
        }
        return h
    }

    /// values [length, output] = tanh(E W1ᵀ + b1) W2ᵀ + b2.
    func project(into values: UnsafeMutablePointer<Float>) {
        let p = parameters.pointer, o = offsets
        let h = hiddenActivations()
        for row in 0..<length { (values + row * output).update(from: p + o[4], count: output) }
        h.withUnsafeBufferPointer { h in
            gemm(transB: true, m: length, n: output, k: hidden, a: h.baseAddress!, lda: hidden, b: p + o[3], ldb: hidden,
                 beta: 1, c: values, ldc: output)
        }
    }

    /// Adds the gradients of the parameters (in `parameters`' layout) given the gradient of the values.
    func backward(valueGradients dV: UnsafePointer<Float>, into gradients: UnsafeMutablePointer<Float>) {
        let p = parameters.pointer, o = offsets
        let h = hiddenActivations()
        var dPre = [Float](repeating: 0, count: length * hidden)
        h.withUnsafeBufferPointer { h in
            let h = h.baseAddress!
            // dW2 += dVᵀ h, db2 += Σ rows dV, d(hidden) = dV W2.
            gemm(transA: true, m: output, n: hidden, k: length, a: dV, lda: output, b: h, ldb: hidden, beta: 1,
                 c: gradients + o[3], ldc: hidden)
            for row in 0..<length { VectorMath.add(dV + row * output, into: gradients + o[4], count: output) }
            dPre.withUnsafeMutableBufferPointer { dPre in
                let dPre = dPre.baseAddress!
                gemm(m: length, n: hidden, k: output, a: dV, lda: output, b: p + o[3], ldb: hidden, c: dPre, ldc: hidden)
                for i in 0..<(length * hidden) { dPre[i] *= 1 - h[i] * h[i] }
            }
        }
        dPre.withUnsafeBufferPointer { dPre in
            let dPre = dPre.baseAddress!
            // dW1 += dPreᵀ E, db1 += Σ rows dPre, dE += dPre W1.
            gemm(transA: true, m: hidden, n: dim, k: length, a: dPre, lda: hidden, b: p + o[0], ldb: dim, beta: 1,
                 c: gradients + o[1], ldc: dim)
            for row in 0..<length { VectorMath.add(dPre + row * hidden, into: gradients + o[2], count: hidden) }
            gemm(m: length, n: dim, k: hidden, a: dPre, lda: hidden, b: p + o[1], ldb: dim, beta: 1, c: gradients,
                 ldc: dim)
        }
    }

    /// The parameters under PEFT's `PrefixEncoder` names.
    func tensors() -> [String: HostTensor] {
        let o = offsets, all = parameters.array
        var tensors: [String: HostTensor] = [:]
        for (i, name) in Self.tensorNames.enumerated() {
            let count = shapes[i].reduce(1, *)
            tensors[name] = HostTensor(shape: shapes[i], values: Array(all[o[i]..<(o[i] + count)]))
        }
        return tensors
    }

    /// True when `tensors` holds every parameter of the MLP (a training state, not only its output).
    static func isHeld(in tensors: [String: HostTensor]) -> Bool { tensorNames.allSatisfy { tensors[$0] != nil } }

    /// Replaces the parameters from `tensors`; a missing or mis-shaped tensor throws naming it.
    mutating func load(_ tensors: [String: HostTensor]) throws {
        var staged = parameters
        let destination = staged.mutablePointer()
        for (i, name) in Self.tensorNames.enumerated() {
            guard let tensor = tensors[name] else { throw GPT2Error.missingTensor(name: name) }
            guard tensor.shape == shapes[i] else {
                throw GPT2Error.wrongShape(name: name, expected: shapes[i], found: tensor.shape)
            }
            tensor.values.withUnsafeBufferPointer { source in
                if let address = source.baseAddress { (destination + offsets[i]).update(from: address, count: source.count) }
            }
        }
        parameters = staged
    }
}
