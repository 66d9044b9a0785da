import Foundation
import Testing
@testable import GPT2

/// Bottleneck adapters (AdapterH, AdapterL): losses, gradients and AdamW steps against a PyTorch reference
/// (tools/make_adapter_fixtures.py, Fixtures/methods/adapters.json), the base bit-identical after training, decoding
/// through the KV cache equal to a full forward, fresh adapters leaving the model unchanged, save/load, counts.
@Suite struct AdapterTrainingTests {
    struct Method: Decodable {
        var bottleneck: Int
        var trainable_count: Int
        var initial: [String: [Float]]
        var shapes: [String: [Int]]
        var losses: [Double]
        var first_gradients: [String: SelectiveTrainingTests.Summary]
        var after: [String: SelectiveTrainingTests.Summary]
    }

    typealias Fixture = SelectiveTrainingTests.Settings<Method>

    static func fixture() throws -> Fixture {
        let url = try FixtureFiles.url("methods/adapters.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    /// The tiny base with the fixture's (random, non-zero) initial adapters of `kind` attached.
    static func modelWithFixtureAdapters(_ kind: BottleneckOptions.Kind) throws -> (GPT2Model, Method) {
        let expected = try #require(try fixture().methods[kind.rawValue])
        var model = try HFParityTests.baseModel()
        try model.attachAdapter(BottleneckOptions(kind: kind, size: expected.bottleneck), seed: 7)
        var tensors: [String: HostTensor] = [:]
        for (name, values) in expected.initial {
            tensors[name] = HostTensor(shape: try #require(expected.shapes[name]), values: values)
        }
        try model.loadAdapterTensors(tensors)
        return (model, expected)
    }

    @Test(arguments: [BottleneckOptions.Kind.houlsby, .lin])
    func trainingMatchesTorch(kind: BottleneckOptions.Kind) throws {
        let fixture = try Self.fixture()
        let (model, expected) = try Self.modelWithFixtureAdapters(kind)
        let adapter = try #require(model.adapter)
        let reference = try SafeTensorsFile(contentsOf: try HFParityTests.fixture("tiny").appendingPathComponent("reference.safetensors"))
        let batch = try HFParityTests.batch(reference)
        var trainer = try Trainer(model: model, method: .adapter(adapter.options),
                                  optimizer: AdamWOptions(epsilon: fixture.eps, weightDecay: fixture.weight_decay),
                                  schedule: .constant(fixture.learning_rate), seed: 1, labelSmoothing: fixture.label_smoothing)
        #expect(trainer.trainableParameterCount == expected.trainable_count)
        #expect(trainer.model.adapter == adapter, "the trainer keeps an attached adapter of the same options")
        let entries = adapter.entries()
        #expect(Set(entries.map(\.name)) == Set(expected.initial.keys))
        for step in 0..<fixture.steps {
            let result = try trainer.step(batches: [batch])
            #expect(abs(result.loss - expected.losses[step]) < 1e-5, "\(kind) step \(step): loss \(result.loss) vs \(expected.losses[step])")
            if step == 0 {
                for entry in entries {
                    let count = entry.shape.reduce(1, *)
                    SelectiveTrainingTests.expectClose(Array(trainer.lastGradients[entry.offset..<(entry.offset + count)]),
                                                       try #require(expected.first_gradients[entry.name]), "\(kind) grad \(entry.name)")
                }
            }
        }
        let after = try #require(trainer.model.adapter).tensors()
        for entry in entries {
            SelectiveTrainingTests.expectClose(try #require(after[entry.name]).values, try #require(expected.after[entry.name]),
                                               "\(kind) after \(entry.name)")
        }
        #expect(trainer.model.parameters.array == model.parameters.array, "\(kind): base weights bit-identical")
    }

    @Test(arguments: [BottleneckOptions.Kind.houlsby, .lin])
    func freshAdaptersLeaveTheLogitsUnchanged(kind: BottleneckOptions.Kind) throws {
        let base = try HFParityTests.baseModel()
        var adapted = base
        try adapted.attachAdapter(BottleneckOptions(kind: kind, size: 3), seed: 5)
        let reference = try SafeTensorsFile(contentsOf: try HFParityTests.fixture("tiny").appendingPathComponent("reference.safetensors"))
        let batch = try HFParityTests.batch(reference)
        #expect(try adapted.logits(batch) == base.logits(batch))
        // ... and yet the down-projections are random, so the first step's gradient moves the up-projections.
        var trainer = try Trainer(model: adapted, method: .adapter(BottleneckOptions(kind: kind, size: 3)),
                                  schedule: .constant(1e-2), seed: 5)
        _ = try trainer.step(batches: [batch])
        #expect(trainer.lastGradients.contains { $0 != 0 })
        #expect(try trainer.model.logits(batch) != base.logits(batch))
    }

    @Test(arguments: [BottleneckOptions.Kind.houlsby, .lin])
    func cachedDecodingEqualsAFullForward(kind: BottleneckOptions.Kind) throws {
        let (model, _) = try Self.modelWithFixtureAdapters(kind)
        try KVCacheTests().checkAgainstFullForward(model, prompts: [[1, 2, 3, 4], [60], [8, 8]], steps: 8, seed: 3)
        var plain = GPT2Generator(model: try HFParityTests.baseModel(), maxNewTokens: 1)
        var adapted = GPT2Generator(model: model, maxNewTokens: 1)
        #expect(maxRelativeDifference(try plain.start(prompts: [[1, 2, 3]]), try adapted.start(prompts: [[1, 2, 3]])) > 1e-3)
    }

    @Test func savedAdaptersLoadBackExactly() throws {
        let (model, _) = try Self.modelWithFixtureAdapters(.lin)
        let adapter = try #require(model.adapter)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lorabook-adapter-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        try BottleneckAdapterFile.save(adapter, baseModel: "tiny", to: folder)
        #expect(BottleneckAdapterFile.holdsBottleneckAdapter(folder))
        var loaded = try HFParityTests.baseModel()
        try BottleneckAdapterFile.attach(from: folder, to: &loaded)
        #expect(loaded.adapter == adapter)
        // A base of another width is one clear error naming the config file.
        var wider = try GPT2Model(config: GPT2Config(nLayer: 2, nHead: 2, nEmbd: 64, nPositions: 32, vocabSize: 96), seed: 1)
        #expect(throws: CheckpointError.self) { try BottleneckAdapterFile.attach(from: folder, to: &wider) }
    }

    @Test func badSizesAndMixedMethodsAreClearErrors() throws {
        var model = try HFParityTests.baseModel()
        #expect(throws: GPT2Error.self) { try model.attachAdapter(BottleneckOptions(kind: .houlsby, size: 0), seed: 1) }
        #expect(throws: GPT2Error.self) { try model.attachAdapter(BottleneckOptions(kind: .lin, size: 33), seed: 1) }
        try model.attachAdapter(BottleneckOptions(kind: .lin, size: 2), seed: 1)
        #expect(throws: GPT2Error.self) { _ = try Trainer(model: model, method: .full, schedule: .constant(0), seed: 1) }
    }

    @Test func gpt2MediumCounts() {
        let medium = GPT2Config(nLayer: 24, nHead: 16, nEmbd: 1024)
        // Houlsby: 24 layers x 2 adapters x (2 x 1024 x m + m + 1024); Lin: 24 x (2 x 1024 LayerNorm + 2 x 1024 x m + m + 1024).
        #expect(BottleneckOptions(kind: .houlsby, size: 16).trainableParameterCount(config: medium) == 1_622_784)
        #expect(BottleneckOptions(kind: .lin, size: 16).trainableParameterCount(config: medium) == 860_544)
        #expect(BottleneckOptions(kind: .houlsby, size: 64).trainableParameterCount(config: medium) == 48 * (131_072 + 64 + 1024))
    }
}
