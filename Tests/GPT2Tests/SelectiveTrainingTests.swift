import Foundation
import Testing
@testable import GPT2

/// BitFit and the top k blocks: the trained tensors, their gradients and AdamW steps against PyTorch
/// (tools/make_method_fixtures.py, Fixtures/methods/selective.json), and frozen weights bit-identical after steps.
@Suite struct SelectiveTrainingTests {
    /// A tensor as its first 64 values (all of a bias), its sum and its sum of magnitudes.
    struct Summary: Decodable {
        var head: [Float]
        var count: Int
        var sum: Double
        var abs_sum: Double
    }

    /// A method fixture: the AdamW settings every method's steps use, and per method its expected numbers.
    struct Settings<Method: Decodable>: Decodable {
        var steps: Int
        var learning_rate: Float
        var weight_decay: Float
        var eps: Float
        var label_smoothing: Float
        var methods: [String: Method]
    }

    struct Method: Decodable {
        var trained: [String]
        var trainable_count: Int
        var losses: [Double]
        var first_gradients: [String: Summary]
        var after: [String: Summary]
    }

    typealias Fixture = Settings<Method>

    static func fixture() throws -> Fixture {
        let url = try FixtureFiles.url("methods/selective.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    static func expectClose(_ values: [Float], _ summary: Summary, _ label: String) {
        #expect(values.count == summary.count, "\(label): count")
        HFParityTests.expectClose(Array(values.prefix(summary.head.count)), summary.head, label)
        let sum = values.reduce(0.0) { $0 + Double($1) }, absSum = values.reduce(0.0) { $0 + Double(abs($1)) }
        let tolerance = 1e-4 * max(summary.abs_sum, 1e-6)
        #expect(abs(sum - summary.sum) <= tolerance, "\(label): sum \(sum) vs \(summary.sum)")
        #expect(abs(absSum - summary.abs_sum) <= tolerance, "\(label): sum of magnitudes \(absSum) vs \(summary.abs_sum)")
    }

    /// Entries of `layout` in layout order, as the trainer gathers them.
    static func entries(_ names: [String], layout: ParameterLayout) -> [ParameterLayout.Entry] {
        layout.entries.filter { names.contains($0.name) }
    }

    static func checkAgainstTorch(_ method: TrainingMethod, key: String) throws {
        let fixture = try Self.fixture()
        let expected = try #require(fixture.methods[key])
        let model = try HFParityTests.baseModel()
        let reference = try SafeTensorsFile(contentsOf: try HFParityTests.fixture("tiny").appendingPathComponent("reference.safetensors"))
        let batch = try HFParityTests.batch(reference)
        var trainer = try Trainer(model: model, method: method,
                                  optimizer: AdamWOptions(epsilon: fixture.eps, weightDecay: fixture.weight_decay),
                                  schedule: .constant(fixture.learning_rate), seed: 1, labelSmoothing: fixture.label_smoothing)
        let trained = Self.entries(expected.trained, layout: model.layout)
        #expect(trained.count == expected.trained.count)
        #expect(trainer.trainableParameterCount == expected.trainable_count)
        for step in 0..<fixture.steps {
            let result = try trainer.step(batches: [batch])
            #expect(abs(result.loss - expected.losses[step]) < 1e-5, "\(key) step \(step): loss \(result.loss) vs \(expected.losses[step])")
            if step == 0 {
                var at = 0
                for entry in trained {
                    let values = Array(trainer.lastGradients[at..<(at + entry.count)])
                    Self.expectClose(values, try #require(expected.first_gradients[entry.name]), "\(key) grad \(entry.name)")
                    at += entry.count
                }
            }
        }
        let after = trainer.model.parameters
        for entry in model.layout.entries {
            let values = after[entry.offset..<(entry.offset + entry.count)]
            if let reference = expected.after[entry.name] {
                Self.expectClose(values, reference, "\(key) after \(entry.name)")
            } else {
                let before = model.parameters[entry.offset..<(entry.offset + entry.count)]
                #expect(values.map(\.bitPattern) == before.map(\.bitPattern), "\(key): frozen \(entry.name) changed")
            }
        }
    }

    @Test func bitFitMatchesPyTorchAdamWOverTheBiases() throws {
        try Self.checkAgainstTorch(.bitfit, key: "bitfit")
    }

    @Test func topBlockMatchesPyTorchAdamWOverTheLastBlock() throws {
        try Self.checkAgainstTorch(.topBlocks(1), key: "top1")
    }

    /// With dropout on and gradient clipping, only the selected tensors move; every other weight keeps its bits.
    @Test func stepsChangeOnlyTheSelectedTensors() throws {
        let model = try TinyModels.model(config: TinyModels.config(dropout: 0.1))
        for (method, trains) in [(TrainingMethod.bitfit, { (name: String) in name.hasSuffix(".bias") }),
                                 (.topBlocks(1), { (name: String) in name.hasPrefix("transformer.h.1.") })] {
            var trainer = try Trainer(model: model, method: method, schedule: .constant(1e-2), seed: 5,
                                      labelSmoothing: 0.1, maxGradientNorm: 1)
            for seed in [1, 2, 3] as [UInt64] { _ = try trainer.step(batches: [try TinyModels.batch(seed: seed)]) }
            let expectedCount = model.layout.entries.filter { trains($0.name) }.reduce(0) { $0 + $1.count }
            #expect(trainer.trainableParameterCount == expectedCount)
            for entry in model.layout.entries {
                let range = entry.offset..<(entry.offset + entry.count)
                let before = model.parameters[range].map(\.bitPattern), after = trainer.model.parameters[range].map(\.bitPattern)
                if trains(entry.name) {
                    #expect(before != after, "\(method): \(entry.name) should train")
                } else {
                    #expect(before == after, "\(method): \(entry.name) should stay frozen")
                }
            }
        }
    }

    @Test func topBlocksOutsideTheModelIsOneClearError() throws {
        let model = try TinyModels.model()
        #expect(throws: GPT2Error.invalidConfig(reason: "top blocks 3 must be in 1...2 (the model's layers)")) {
            _ = try Trainer(model: model, method: .topBlocks(3), schedule: .constant(0), seed: 1)
        }
        #expect(throws: GPT2Error.self) { _ = try Trainer(model: model, method: .topBlocks(0), schedule: .constant(0), seed: 1) }
    }

    @Test func gpt2MediumCounts() throws {
        let layout = ParameterLayout(config: .gpt2Medium)
        // Per block: c_attn 3d, c_proj d, c_fc 4d, mlp c_proj d, two LayerNorm biases 2d; plus ln_f's d.
        #expect(BaseSelection.biases(layout: layout).count == 24 * 11 * 1024 + 1024)
        #expect(try BaseSelection.topBlocks(2, layout: layout, config: .gpt2Medium).count == 2 * (12 * 1024 * 1024 + 13 * 1024))
    }
}

extension SelectiveTrainingTests {
    /// A BitFit model is a whole checkpoint: saved and loaded back, every weight keeps its bits.
    @Test func aTrainedModelRoundTripsThroughACheckpoint() throws {
        var trainer = try Trainer(model: try TinyModels.model(), method: .bitfit, schedule: .constant(1e-2), seed: 2)
        _ = try trainer.step(batches: [try TinyModels.batch()])
        let folder = try FixtureFiles.scratchDirectory()
        try Checkpoint.save(config: trainer.model.config, tensors: trainer.model.namedParameters(), to: folder)
        let loaded = try Checkpoint.load(directory: folder)
        let model = try GPT2Model(config: loaded.config, weights: loaded.tensors)
        #expect(model.parameters.array.map(\.bitPattern) == trainer.model.parameters.array.map(\.bitPattern))
    }
}
