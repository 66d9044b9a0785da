import Foundation
import SeededRandom
import Testing
@testable import GPT2

/// AdapterH in training with residual dropout: its adapters run on the attention and MLP branches after the branch's
/// dropout and before the residual add (Houlsby et al.'s adapter-bert: dense, dropout, adapter, add; AdapterHub the
/// same), in forward and backward alike.
@Suite struct AdapterDropoutTests {
    static let options = BottleneckOptions(kind: .houlsby, size: 3)

    /// The tiny model with every dropout at 0.2 and an AdapterH whose values are all random (non-zero).
    static func model(layers: Int = 2) throws -> GPT2Model {
        var config = TinyModels.config(dropout: 0.2)
        config.nLayer = layers
        var model = try TinyModels.model(config: config)
        try model.attachAdapter(options, seed: 5)
        var tensors = try #require(model.adapter).tensors()
        var generator = SeededGenerator(seed: 13)
        for name in tensors.keys.sorted() {
            guard let tensor = tensors[name] else { continue }
            tensors[name] = HostTensor(shape: tensor.shape, values: tensor.values.map { _ in Float(0.3 * generator.nextNormal()) })
        }
        try model.loadAdapterTensors(tensors)
        return model
    }

    @Test func gradientsMatchFiniteDifferencesWithDropout() throws {
        let model = try Self.model()
        let adapter = try #require(model.adapter)
        let batch = try TinyModels.batch()
        let method = TrainingMethod.adapter(Self.options)
        // The same trainer seed draws the same masks in every pass (see GradientCheckTests.loss).
        let gradients = try GradientCheckTests.analytic(model, method: method, batch: batch, smoothing: 0.1)
        #expect(gradients.count == Self.options.trainableParameterCount(config: model.config))
        let probes = adapter.entries().flatMap { entry in
            GradientCheckTests.probes(offset: entry.offset, count: entry.shape.reduce(1, *))
                .map { (index: $0, label: "\(entry.name)[\($0 - entry.offset)]") }
        }
        try GradientCheckTests.checkProbes(model, method: method, batch: batch, smoothing: 0.1, gradients: gradients,
                                           probes: probes) { $0.adapter?.values.mutablePointer()[$1] += $2 }
    }

    /// One training forward of a 1-block model; the attention point's adapter input and the block's mid residual
    /// against a hand-composed residual + adapter(mask * (attnOut W + b)).
    @Test func theAdapterRunsOnTheDroppedBranch() throws {
        let model = try Self.model(layers: 1)
        let adapter = try #require(model.adapter)
        let batch = try TinyModels.batch()
        let n = 10, d = model.config.nEmbd, m = Self.options.size
        let arena = ActivationArena(config: model.config, capacity: .init(rows: n, length: 5), training: true, lora: nil,
                                    adapter: Self.options)
        arena.reshape(batch: 2, length: 5)
        var generator = SeededGenerator(seed: 9)
        let pass = TransformerPass(model: model)
        batch.inputs.withUnsafeBufferPointer { tokens in
            if let tokens = tokens.baseAddress { pass.forward(tokens: tokens, arena: arena, generator: &generator) }
        }
        let block = arena.blocks[0], mask = try #require(block.attnResidualMask)
        let kept = (0..<(n * d)).filter { mask[$0] != 0 }.count
        #expect(kept > 0 && kept < n * d, "the mask both keeps and drops")
        let w = model.parameters.pointer, p = model.layout.blocks[0]
        let values = adapter.values.pointer, slot = try #require(adapter.slot(layer: 0, point: .attention))
        let input = try #require(block.adapter[0].input)
        var worst: Float = 0, worstInput: Float = 0
        for row in 0..<n {
            var dropped = [Float](repeating: 0, count: d)
            for o in 0..<d {
                var sum = w[p.attnProjBias + o]
                for i in 0..<d { sum += block.attnOut[row * d + i] * w[p.attnProjWeight + i * d + o] }
                dropped[o] = sum * mask[row * d + o]
                worstInput = max(worstInput, abs(input[row * d + o] - dropped[o]))
            }
            let hidden = (0..<m).map { j in
                gelu((0..<d).reduce(values[slot.downBias + j]) { $0 + dropped[$1] * values[slot.downWeight + $1 * m + j] })
            }
            for o in 0..<d {
                let up = (0..<m).reduce(values[slot.upBias + o]) { $0 + hidden[$1] * values[slot.upWeight + $1 * d + o] }
                let expected = arena.residuals[0][row * d + o] + dropped[o] + up
                worst = max(worst, abs(block.residualMid[row * d + o] - expected))
            }
        }
        #expect(worstInput < 1e-5, "adapter input vs the masked branch: \(worstInput)")
        #expect(worst < 1e-4, "mid residual vs residual + adapter(masked branch): \(worst)")
    }

    /// GPT-2's GELU (tanh form).
    func gelu(_ x: Float) -> Float {
        0.5 * x * (1 + tanh(0.7978845608 * (x + 0.044715 * x * x * x)))
    }
}
