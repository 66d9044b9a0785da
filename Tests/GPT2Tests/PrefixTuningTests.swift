import Foundation
import Testing
@testable import GPT2

/// Prefix tuning (without and with the reparameterisation MLP) and LoRA + prefix against HF PEFT
/// (tools/make_prefix_fixtures.py, Fixtures/methods/prefix.json, Fixtures/tiny-prefix/peft and tiny-prefix-mlp/peft):
/// logits, losses, gradients and AdamW steps; the base frozen bit for bit; decoding with the prefix in the KV cache
/// equal to the full pass; PEFT's folder format both ways.
@Suite struct PrefixTuningTests {
    struct Fixture: Decodable {
        struct Method: Decodable {
            var initial: [String: [Float]]
            var logits: [Float]
            var losses: [Double]
            var first_gradients: [String: [Float]]
            var after: [String: [Float]]
            var trainable_count: Int
        }
        struct LoRA: Decodable {
            var rank: Int
            var alpha: Float
            var targets: [String]
        }
        var steps: Int
        var learning_rate: Float
        var weight_decay: Float
        var eps: Float
        var label_smoothing: Float
        var prefix_length: Int
        var projection: Int
        var lora: LoRA
        var methods: [String: Method]
    }

    static func fixture() throws -> Fixture {
        try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: try FixtureFiles.url("methods/prefix.json")))
    }

    static func loraOptions(_ fixture: Fixture) -> LoRAOptions {
        LoRAOptions(rank: fixture.lora.rank, alpha: fixture.lora.alpha, dropout: 0,
                    targets: fixture.lora.targets.compactMap { LoRATarget(rawValue: $0) })
    }

    static func prefixOptions(_ fixture: Fixture, method key: String) -> PrefixOptions {
        PrefixOptions(length: fixture.prefix_length, projection: key == "prefix_projection" ? fixture.projection : nil)
    }

    /// The tiny base with the fixture's initial prefix (or its MLP, for "prefix_projection"; and LoRA, for
    /// "lora_prefix") loaded.
    static func model(_ fixture: Fixture, method key: String) throws -> (GPT2Model, Fixture.Method) {
        let expected = try #require(fixture.methods[key])
        var model = try HFParityTests.baseModel()
        try model.attachPrefix(prefixOptions(fixture, method: key), seed: 1)
        var initial: [String: HostTensor] = [:]
        for (name, tensor) in model.prefixTensors() {
            if let values = expected.initial[name] { initial[name] = HostTensor(shape: tensor.shape, values: values) }
        }
        try model.loadPrefixTensors(initial)
        if key == "lora_prefix" {
            let options = loraOptions(fixture)
            try model.attachLoRA(options, seed: 1)
            var tensors: [String: HostTensor] = [:]
            for (name, tensor) in model.loraTensors() {
                tensors[name] = HostTensor(shape: tensor.shape, values: try #require(expected.initial[name]))
            }
            try model.loadLoRATensors(tensors)
        }
        return (model, expected)
    }

    /// Trainable tensor names in the trainer's gradient order: LoRA (layer, target, A then B), then the prefix.
    static func trainedNames(_ model: GPT2Model) -> [(String, Int)] {
        var names: [(String, Int)] = []
        if let lora = model.lora {
            for layer in 0..<lora.layerCount {
                for target in lora.options.targets {
                    for matrix in ["A", "B"] {
                        names.append((LoRAAdapter.tensorName(layer: layer, target: target, matrix: matrix), lora.options.rank * lora.dim))
                    }
                }
            }
        }
        if let mlp = model.prefix?.projection {
            for (name, shape) in zip(PrefixProjection.tensorNames, mlp.shapes) { names.append((name, shape.reduce(1, *))) }
        } else if let prefix = model.prefix {
            names.append((PrefixAdapter.tensorName, prefix.values.count))
        }
        return names
    }

    static func checkAgainstPEFT(_ method: TrainingMethod, key: String) throws {
        let fixture = try Self.fixture()
        let (model, expected) = try Self.model(fixture, method: key)
        let reference = try SafeTensorsFile(contentsOf: try HFParityTests.fixture("tiny").appendingPathComponent("reference.safetensors"))
        let batch = try HFParityTests.batch(reference)
        HFParityTests.expectClose(try model.logits(batch), expected.logits, "\(key) logits")
        var trainer = try Trainer(model: model, method: method,
                                  optimizer: AdamWOptions(epsilon: fixture.eps, weightDecay: fixture.weight_decay),
                                  schedule: .constant(fixture.learning_rate), seed: 1, labelSmoothing: fixture.label_smoothing)
        #expect(trainer.trainableParameterCount == expected.trainable_count)
        let names = Self.trainedNames(trainer.model)
        for step in 0..<fixture.steps {
            let result = try trainer.step(batches: [batch])
            #expect(abs(result.loss - expected.losses[step]) < 1e-5, "\(key) step \(step): loss \(result.loss) vs \(expected.losses[step])")
            if step == 0 {
                var at = 0
                for (name, count) in names {
                    HFParityTests.expectClose(Array(trainer.lastGradients[at..<(at + count)]),
                                              try #require(expected.first_gradients[name]), "\(key) gradient \(name)")
                    at += count
                }
            }
        }
        var after = trainer.model.prefixTensors().mapValues(\.values)
        for (name, tensor) in trainer.model.loraTensors() { after[name] = tensor.values }
        for (name, _) in names {
            HFParityTests.expectClose(try #require(after[name]), try #require(expected.after[name]), "\(key) after \(name)")
        }
        #expect(trainer.model.parameters.array.map(\.bitPattern) == model.parameters.array.map(\.bitPattern),
                "\(key): a base weight changed")
    }

    @Test func prefixMatchesPEFT() throws {
        try Self.checkAgainstPEFT(.prefix(PrefixOptions(length: try Self.fixture().prefix_length)), key: "prefix")
    }

    /// Li & Liang's reparameterisation (PEFT's prefix_projection): gradients and steps of the embedding and the MLP.
    @Test func prefixThroughTheMLPMatchesPEFT() throws {
        let fixture = try Self.fixture()
        try Self.checkAgainstPEFT(.prefix(Self.prefixOptions(fixture, method: "prefix_projection")), key: "prefix_projection")
    }

    /// PEFT's folder of a reparameterised prefix (the MLP's output) loads to the logits of the MLP's prefix, saves back
    /// to the same config, and a trained one round-trips bit for bit; the loaded prefix has no MLP left to train.
    @Test func reparameterisedPrefixFoldersLoadAndRoundTrip() throws {
        let fixture = try Self.fixture()
        let (model, expected) = try Self.model(fixture, method: "prefix_projection")
        let folder = try HFParityTests.fixture("tiny-prefix-mlp").appendingPathComponent("peft")
        var loaded = try HFParityTests.baseModel()
        try loaded.loadPrefix(from: folder)
        #expect(loaded.prefix?.options == Self.prefixOptions(fixture, method: "prefix_projection"))
        #expect(loaded.prefix?.projection == nil)
        HFParityTests.expectClose(try #require(loaded.prefix).values.array, try #require(model.prefix).values.array, "MLP output")
        let batch = try HFParityTests.batch(try SafeTensorsFile(contentsOf: try HFParityTests.fixture("tiny")
            .appendingPathComponent("reference.safetensors")))
        HFParityTests.expectClose(try loaded.logits(batch), expected.logits, "loaded logits")
        #expect(try #require(loaded.prefix).trains(as: Self.prefixOptions(fixture, method: "prefix_projection")) == false)

        var trainer = try Trainer(model: model, method: .prefix(Self.prefixOptions(fixture, method: "prefix_projection")),
                                  schedule: .constant(1e-2), seed: 1)
        _ = try trainer.step(batches: [batch])
        let trained = try #require(trainer.model.prefix)
        let saved = try FixtureFiles.scratchDirectory().appendingPathComponent("prefix-mlp")
        try PrefixAdapterFile.save(trained, config: model.config, baseModel: nil, to: saved)
        var reloaded = try HFParityTests.baseModel()
        try reloaded.loadPrefix(from: saved)
        #expect(reloaded.prefix?.values == trained.values)
        #expect(try reloaded.logits(batch) == (try trainer.model.logits(batch)))
        #expect(try Self.adapterConfig(saved) == (try Self.adapterConfig(folder)))
        #expect(try SafeTensorsFile(contentsOf: saved.appendingPathComponent(PrefixAdapterFile.weightsFileName)).names
                == [PrefixAdapter.tensorName])

        // The cell cache keeps the MLP: its tensors reload to the same parameters and prefix.
        var restored = try HFParityTests.baseModel()
        try restored.attachPrefix(trained.options, seed: 7)
        try restored.loadPrefixTensors(trainer.model.prefixTensors())
        #expect(restored.prefix == trained)
    }

    /// An adapter_config.json without PEFT's version, as a dictionary.
    static func adapterConfig(_ folder: URL) throws -> [String: AnyHashable] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("adapter_config.json")))
        var config = try #require(object as? [String: AnyHashable])
        config["peft_version"] = nil
        return config
    }

    @Test func loraAndPrefixMatchPEFTWithSliceLoRA() throws {
        let fixture = try Self.fixture()
        try Self.checkAgainstPEFT(.loraPrefix(Self.loraOptions(fixture), PrefixOptions(length: fixture.prefix_length)),
                                  key: "lora_prefix")
    }

    /// With dropout on and clipping, only the prefix (and LoRA) move; every base weight keeps its bits.
    @Test func stepsWithDropoutChangeOnlyThePrefix() throws {
        var config = try HFParityTests.baseModel().config
        config.residDropout = 0.1
        config.attnDropout = 0.1
        config.embdDropout = 0.1
        let model = try GPT2Model(config: config, weights: try HFParityTests.baseModel().namedParameters())
        let batch = try HFParityTests.batch(try SafeTensorsFile(contentsOf: try HFParityTests.fixture("tiny")
            .appendingPathComponent("reference.safetensors")))
        for method in [TrainingMethod.prefix(PrefixOptions(length: 3)),
                       .loraPrefix(LoRAOptions(rank: 2, alpha: 4, dropout: 0.1), PrefixOptions(length: 3))] {
            var trainer = try Trainer(model: model, method: method, schedule: .constant(1e-2), seed: 5, labelSmoothing: 0.1,
                                      maxGradientNorm: 1)
            let before = try #require(trainer.model.prefix).values.array
            for _ in 0..<2 { _ = try trainer.step(batches: [batch]) }
            #expect(try #require(trainer.model.prefix).values.array != before, "\(method): the prefix should train")
            #expect(trainer.model.parameters.array.map(\.bitPattern) == model.parameters.array.map(\.bitPattern))
        }
    }

    /// Greedy and beam decoding read the prefix from the KV cache: every row's logits at every step equal a full
    /// forward pass of its sequence after the prefix, also after rows fork and move.
    @Test func incrementalDecodingMatchesTheFullPass() throws {
        let fixture = try Self.fixture()
        let (model, _) = try Self.model(fixture, method: "lora_prefix")
        try KVCacheTests().checkAgainstFullForward(model, prompts: [[3, 9, 27], [5], [81, 2, 2, 40, 7]], steps: 6, seed: 9)
        var merged = model
        merged.merge()
        try KVCacheTests().checkAgainstFullForward(merged, prompts: [[1, 2], [64, 3, 17, 8]], steps: 4, seed: 10)
    }

    @Test func decodingLeavesRoomForThePrefix() throws {
        var model = try HFParityTests.baseModel()
        try model.attachPrefix(PrefixOptions(length: 4), seed: 3)
        var generator = GPT2Generator(model: model, maxNewTokens: 10)
        #expect(generator.promptCapacity == 32 - 4 - 10 + 1)
        #expect(throws: GenerationError.self) { _ = try generator.start(prompts: [Array(repeating: 1, count: 20)]) }
        let output = try generator.generate(prompts: [[1, 2, 3], [4]], options: DecodingOptions(rules: .paper, beamWidth: 3,
                                                                                                maxNewTokens: 10))
        #expect(output.count == 2 && output.allSatisfy { !$0.isEmpty && $0.count <= 10 })
    }

    /// PEFT's saved folder loads to the same values and logits; a saved prefix reloads bit for bit in PEFT's format.
    @Test func peftFolderLoadsAndRoundTrips() throws {
        let fixture = try Self.fixture()
        let expected = try #require(fixture.methods["prefix"])
        let folder = try HFParityTests.fixture("tiny-prefix").appendingPathComponent("peft")
        #expect(PrefixAdapterFile.isPrefix(folder))
        #expect(!PrefixAdapterFile.isPrefix(try HFParityTests.fixture("tiny-lora").appendingPathComponent("peft")))
        var model = try HFParityTests.baseModel()
        try model.loadPrefix(from: folder)
        #expect(model.prefix?.values.array == expected.initial[PrefixAdapter.tensorName])
        let reference = try SafeTensorsFile(contentsOf: try HFParityTests.fixture("tiny").appendingPathComponent("reference.safetensors"))
        HFParityTests.expectClose(try model.logits(try HFParityTests.batch(reference)), expected.logits, "loaded logits")

        let saved = try FixtureFiles.scratchDirectory().appendingPathComponent("prefix")
        try PrefixAdapterFile.save(try #require(model.prefix), config: model.config, baseModel: nil, to: saved)
        var reloaded = try HFParityTests.baseModel()
        try reloaded.loadPrefix(from: saved)
        #expect(reloaded.prefix == model.prefix)
        // Every key PEFT wrote but its version carries the same value in ours.
        #expect(try Self.adapterConfig(saved) == (try Self.adapterConfig(folder)))
    }

    @Test func badSizesAreOneClearError() throws {
        var model = try HFParityTests.baseModel()
        #expect(throws: GPT2Error.invalidConfig(reason: "prefix length 32 must be in 1...31 (it takes positions from the model's 32)")) {
            try model.attachPrefix(PrefixOptions(length: 32), seed: 1)
        }
        #expect(throws: GPT2Error.self) { try model.attachPrefix(PrefixOptions(length: 0), seed: 1) }
        try model.attachPrefix(PrefixOptions(length: 24), seed: 1)
        let batch = try HFParityTests.batch(try SafeTensorsFile(contentsOf: try HFParityTests.fixture("tiny")
            .appendingPathComponent("reference.safetensors")))
        #expect(throws: GPT2Error.sequenceTooLong(length: 12, maximum: 8)) { _ = try model.logits(batch) }
        #expect(throws: GPT2Error.self) { _ = try Trainer(model: model, method: .full, schedule: .constant(0), seed: 1) }
        let wrongShape = try HFParityTests.fixture("tiny-prefix").appendingPathComponent("peft")
        var other = try GPT2Model(config: GPT2Config(nLayer: 3, nHead: 2, nEmbd: 32, nPositions: 32, vocabSize: 96), seed: 1)
        #expect(throws: CheckpointError.self) { try other.loadPrefix(from: wrongShape) }
    }

    @Test func gpt2MediumCounts() {
        // L x 2 x prefix x d: the count; at length 8 the same as LoRA r 4 on q and v (393,216).
        #expect(PrefixOptions(length: 8).trainableParameterCount(config: .gpt2Medium) == 24 * 2 * 8 * 1024)
        #expect(PrefixOptions(length: 8).trainableParameterCount(config: .gpt2Medium)
                == LoRAOptions(rank: 4).trainableParameterCount(config: .gpt2Medium))
        // Through an MLP of 512: embedding 8 x 1024, Linear 1024 -> 512, Linear 512 -> 24 x 2 x 1024 (with biases).
        #expect(PrefixOptions(length: 8, projection: 512).trainableParameterCount(config: .gpt2Medium)
                == 8 * 1024 + 512 * 1024 + 512 + 49_152 * 512 + 49_152)
    }
}
