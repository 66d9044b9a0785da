import Foundation
import Testing
@testable import GPT2

/// LoRA on the attention output (o), the MLP's c_fc (fc) and c_proj (proj), alone and with the q/v slices, against
/// HF PEFT's Conv1D LoRA (tools/make_lora_target_fixtures.py, Fixtures/methods/lora-targets.json and
/// Fixtures/tiny-lora-targets/peft): logits, losses, gradients of A and B and AdamW steps with the base frozen bit for
/// bit; finite differences through the dropout masks; merging; the KV-cached generator; PEFT's folder format.
@Suite struct LoRATargetTests {
    /// The numbers of one method, as in the prefix fixture; its targets and the fixture's rank and alpha beside them.
    typealias Method = PrefixTuningTests.Fixture.Method
    typealias Fixture = SelectiveTrainingTests.Settings<Method>
    struct LoRASettings: Decodable {
        struct Targets: Decodable { var targets: [String] }
        var rank: Int
        var alpha: Float
        var methods: [String: Targets]
    }

    static func fixtureData() throws -> Data { try Data(contentsOf: try FixtureFiles.url("methods/lora-targets.json")) }

    static func fixture() throws -> Fixture { try JSONDecoder().decode(Fixture.self, from: try fixtureData()) }

    /// The LoRA options of method `key` (dropout 0: the reference ran in eval mode).
    static func options(method key: String) throws -> LoRAOptions {
        let settings = try JSONDecoder().decode(LoRASettings.self, from: try fixtureData())
        let names = try #require(settings.methods[key]).targets
        return LoRAOptions(rank: settings.rank, alpha: settings.alpha, dropout: 0,
                           targets: try names.map { try #require(LoRATarget(rawValue: $0)) })
    }

    /// The tiny base with the fixture's initial LoRA of method `key` loaded.
    static func model(_ fixture: Fixture, method key: String) throws -> (GPT2Model, Method, LoRAOptions) {
        let expected = try #require(fixture.methods[key])
        let options = try Self.options(method: key)
        var model = try HFParityTests.baseModel()
        try model.attachLoRA(options, seed: 1)
        var tensors: [String: HostTensor] = [:]
        for (name, tensor) in model.loraTensors() {
            tensors[name] = HostTensor(shape: tensor.shape, values: try #require(expected.initial[name], "\(name)"))
        }
        try model.loadLoRATensors(tensors)
        return (model, expected, options)
    }

    static func batch() throws -> Batch {
        try HFParityTests.batch(try SafeTensorsFile(contentsOf: try HFParityTests.fixture("tiny").appendingPathComponent("reference.safetensors")))
    }

    static func checkAgainstPEFT(key: String) throws {
        let fixture = try Self.fixture()
        let (model, expected, options) = try Self.model(fixture, method: key)
        let batch = try Self.batch()
        HFParityTests.expectClose(try model.logits(batch), expected.logits, "\(key) logits")
        var trainer = try Trainer(model: model, method: .lora(options),
                                  optimizer: AdamWOptions(epsilon: fixture.eps, weightDecay: fixture.weight_decay),
                                  schedule: .constant(fixture.learning_rate), seed: 1, labelSmoothing: fixture.label_smoothing)
        #expect(trainer.trainableParameterCount == expected.trainable_count)
        #expect(options.trainableParameterCount(config: model.config) == expected.trainable_count)
        let matrices = try #require(model.lora).matrices()
        for step in 0..<fixture.steps {
            let result = try trainer.step(batches: [batch])
            #expect(abs(result.loss - expected.losses[step]) < 1e-5, "\(key) step \(step): loss \(result.loss) vs \(expected.losses[step])")
            if step == 0 {
                for (name, offset, shape) in matrices {
                    HFParityTests.expectClose(Array(trainer.lastGradients[offset..<(offset + shape[0] * shape[1])]),
                                              try #require(expected.first_gradients[name]), "\(key) gradient \(name)")
                }
            }
        }
        let after = trainer.model.loraTensors()
        for (name, _, _) in matrices {
            HFParityTests.expectClose(try #require(after[name]).values, try #require(expected.after[name]), "\(key) after \(name)")
        }
        #expect(trainer.model.parameters.array.map(\.bitPattern) == model.parameters.array.map(\.bitPattern),
                "\(key): a base weight changed")
    }

    @Test func wholeLayersMatchPEFT() throws {
        try Self.checkAgainstPEFT(key: "modules")
    }

    @Test func wholeLayersWithQueryAndValueSlicesMatchPEFTAndSliceLoRA() throws {
        try Self.checkAgainstPEFT(key: "all")
    }

    /// Every target's A and B against central finite differences, with LoRA dropout 0.2 on every adapted layer.
    @Test func everyTargetMatchesFiniteDifferencesThroughDropout() throws {
        try GradientCheckTests.checkLoRA(LoRAOptions(rank: 2, alpha: 4, dropout: 0.2, targets: [.value, .output, .fc, .proj])) { lora, _ in
            lora.matrices().filter { $0.name.hasPrefix("transformer.h.0.") }
                .flatMap { [$0.offset, $0.offset + $0.shape[0] * $0.shape[1] / 2 + 1] }
        }
    }

    /// Merged, the model computes the same logits with the base's cost; unmerging restores the weights.
    @Test func mergeFoldsEveryTargetIntoItsWeights() throws {
        let (model, expected, _) = try Self.model(try Self.fixture(), method: "all")
        var merged = model
        merged.merge()
        HFParityTests.expectClose(try merged.logits(try Self.batch()), expected.logits, "merged logits")
        #expect(merged.parameters.array != model.parameters.array)
        var restored = merged
        restored.unmerge()
        HFParityTests.expectClose(restored.parameters.array, model.parameters.array, "unmerged weights")
    }

    /// The KV-cached generator adds every target's delta: each step's logits equal a full forward pass.
    @Test func incrementalDecodingMatchesTheFullPass() throws {
        let (model, _, _) = try Self.model(try Self.fixture(), method: "all")
        try KVCacheTests().checkAgainstFullForward(model, prompts: [[3, 9, 27], [5], [81, 2, 2, 40, 7]], steps: 5, seed: 4)
    }

    /// PEFT's own folder (no lorabook metadata) loads as o, fc and proj at its rank and alpha, with PEFT's logits.
    @Test func peftFolderOnWholeLayersLoads() throws {
        let fixture = try Self.fixture()
        let expected = try #require(fixture.methods["modules"])
        let base = try HFParityTests.baseModel()
        let contents = try LoRAAdapterFile.load(from: FixtureFiles.url("tiny-lora-targets/peft"), base: base.config)
        #expect(contents.targets == [.output, .fc, .proj] && contents.rank == 2 && contents.alpha == 8)
        var model = base
        try model.attachLoRA(LoRAOptions(rank: contents.rank, alpha: contents.alpha, dropout: 0, targets: contents.targets), seed: 0)
        try model.loadLoRATensors(contents.tensors)
        for (name, tensor) in model.loraTensors() { #expect(tensor.values == expected.initial[name], "\(name)") }
        HFParityTests.expectClose(try model.logits(try Self.batch()), expected.logits, "PEFT folder logits")
    }

    /// Saved in PEFT's format (c_attn fused at rank r × slices through rank_pattern, whole layers at r), an adapter on
    /// every target reloads bit for bit; the config names each module.
    @Test func everyTargetRoundTripsThroughPEFTFormat() throws {
        let options = LoRAOptions(rank: 2, alpha: 8, dropout: 0, targets: LoRATarget.allCases)
        let model = try TinyModels.withRandomLoRA(try HFParityTests.baseModel(), options: options)
        let directory = try FixtureFiles.scratchDirectory().appendingPathComponent("all-targets")
        try LoRAAdapterFile.save(tensors: model.loraTensors(), rank: 2, alpha: 8, dropout: 0, targets: options.targets,
                                 baseModel: "tiny", base: model.config, to: directory)
        let loaded = try LoRAAdapterFile.load(from: directory, base: model.config)
        #expect(loaded.tensors == model.loraTensors() && loaded.targets == LoRATarget.allCases)
        #expect(loaded.rank == 2 && loaded.alpha == 8)
        let config = try String(contentsOf: directory.appendingPathComponent(LoRAAdapterFile.configFileName), encoding: .utf8)
        #expect(config.contains("\"target_modules\": [\"c_attn\", \"attn.c_proj\", \"mlp.c_fc\", \"mlp.c_proj\"]"))
        #expect(config.contains("\"rank_pattern\": {\"c_attn\": 6}") && config.contains("\"alpha_pattern\": {\"c_attn\": 24.0}"))
        #expect(config.contains("\"r\": 2,") && config.contains("\"lora_alpha\": 8.0,"))
        let weights = try SafeTensorsFile(contentsOf: directory.appendingPathComponent(LoRAAdapterFile.weightsFileName))
        #expect(try weights.floats(LoRAAdapterFile.peftName(layer: 1, module: "mlp.c_proj", matrix: "A")).shape == [2, 128])
        #expect(try weights.floats(LoRAAdapterFile.peftName(layer: 1, module: "mlp.c_fc", matrix: "B")).shape == [128, 2])
    }

    /// Parameter counts: A [r, in] and B [out, r] per layer and target (GPT-2 M, r 4).
    @Test func gpt2MediumCounts() {
        let medium = GPT2Config(nLayer: 24, nHead: 16, nEmbd: 1024, nPositions: 1024, vocabSize: 50257)
        func count(_ targets: [LoRATarget]) -> Int { LoRAOptions(rank: 4, targets: targets).trainableParameterCount(config: medium) }
        #expect(count([.query, .value]) == 393_216)
        #expect(count([.query, .key, .value, .output]) == 786_432)
        #expect(count([.fc]) == 24 * 4 * 5 * 1024 && count([.proj]) == 24 * 4 * 5 * 1024)
        #expect(count(LoRATarget.allCases) == 786_432 + 2 * 491_520)
    }
}
