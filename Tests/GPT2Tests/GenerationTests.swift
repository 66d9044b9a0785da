import Foundation
@testable import GPT2
import Testing
import SeededRandom

/// HF `generate` outputs of the tiny fixture model (tools/make_generation_fixtures.py).
struct GenerationFixture: Decodable {
    struct Setting: Decodable {
        let name: String
        let model: String
        let num_beams: Int
        let max_new_tokens: Int
        let eos: [Int]
        let length_penalty: Double?
        let no_repeat_ngram_size: Int?

        var options: DecodingOptions {
            DecodingOptions(rules: .hf, beamWidth: num_beams, lengthPenalty: length_penalty ?? 1,
                            noRepeatNGramSize: no_repeat_ngram_size ?? 0, maxNewTokens: max_new_tokens, endTokens: eos)
        }
    }

    struct Case: Decodable {
        let setting: String
        let prompt: [Int]
        let output: [Int]
    }

    let settings: [Setting]
    let cases: [Case]

    static func load() throws -> GenerationFixture {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/generation/tiny_generate", withExtension: "json"))
        return try JSONDecoder().decode(GenerationFixture.self, from: Data(contentsOf: url))
    }
}

/// The tiny fixture model, plain or with the tiny-lora adapter read from its PEFT export (unmerged or merged).
enum GenerationModels {
    static func tiny() throws -> GPT2Model {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/tiny", withExtension: nil))
        let checkpoint = try Checkpoint.load(directory: url)
        return try GPT2Model(config: checkpoint.config, weights: checkpoint.tensors)
    }

    static func tinyWithLoRA(merged: Bool) throws -> GPT2Model {
        var model = try tiny()
        let url = try #require(Bundle.module.url(forResource: "Fixtures/tiny-lora/peft", withExtension: nil))
        let adapter = try LoRAAdapterFile.load(from: url, base: model.config)
        let targets = adapter.targets.compactMap { LoRATarget(rawValue: $0.rawValue) }
        try model.attachLoRA(LoRAOptions(rank: adapter.rank, alpha: adapter.alpha, dropout: 0, targets: targets), seed: 0)
        try model.loadLoRATensors(adapter.tensors)
        if merged { model.merge() }
        return model
    }

    static func model(named name: String) throws -> GPT2Model {
        name == "tiny" ? try tiny() : try tinyWithLoRA(merged: false)
    }
}

@Suite struct GenerationParityTests {
    let fixture: GenerationFixture

    init() throws {
        fixture = try GenerationFixture.load()
    }

    func setting(_ name: String) throws -> GenerationFixture.Setting {
        try #require(fixture.settings.first { $0.name == name })
    }

    @Test(arguments: ["greedy", "greedy-no-repeat-3", "beam10-paper", "lora-beam10-paper"])
    func eachPromptAloneMatchesHuggingFaceGenerate(setting name: String) throws {
        let setting = try setting(name)
        var generator = GPT2Generator(model: try GenerationModels.model(named: setting.model))
        let items = fixture.cases.filter { $0.setting == name }
        #expect(items.count == 5)
        for item in items {
            let output = try generator.generate(prompts: [item.prompt], options: setting.options)
            #expect(output == [item.output], "prompt of \(item.prompt.count) tokens")
        }
    }

    @Test(arguments: ["greedy-no-repeat-3", "beam10-paper", "lora-beam10-paper"])
    func promptsDecodedTogetherGiveTheSameOutputsAsAlone(setting name: String) throws {
        let setting = try setting(name)
        var generator = GPT2Generator(model: try GenerationModels.model(named: setting.model))
        let items = fixture.cases.filter { $0.setting == name }
        // Reversed, so the batch is not sorted by prompt length.
        let prompts = items.map(\.prompt).reversed() as [[Int]]
        let together = try generator.generate(prompts: prompts, options: setting.options)
        var alone: [[Int]] = []
        for prompt in prompts { alone += try generator.generate(prompts: [prompt], options: setting.options) }
        #expect(together == alone)
        #expect(together == items.map(\.output).reversed())
    }

    @Test func mergedAndUnmergedLoRAGiveTheSameOutputs() throws {
        let setting = try setting("lora-beam10-paper")
        let prompts = fixture.cases.filter { $0.setting == setting.name }.map(\.prompt)
        var unmerged = GPT2Generator(model: try GenerationModels.tinyWithLoRA(merged: false))
        var merged = GPT2Generator(model: try GenerationModels.tinyWithLoRA(merged: true))
        #expect(try unmerged.generate(prompts: prompts, options: setting.options)
                == merged.generate(prompts: prompts, options: setting.options))
        let first = try unmerged.start(prompts: prompts), second = try merged.start(prompts: prompts)
        #expect(maxRelativeDifference(first, second) < 1e-5)
        // The adapter changes the model: the same prompts without it score differently.
        var plain = GPT2Generator(model: try GenerationModels.tiny(), maxNewTokens: 1)
        #expect(maxRelativeDifference(try plain.start(prompts: prompts), first) > 1e-3)
    }
}

/// Largest |a - b| over the largest |b|.
func maxRelativeDifference(_ a: [Float], _ b: [Float]) -> Float {
    guard a.count == b.count, !a.isEmpty else { return .infinity }
    let scale = b.map { abs($0) }.max() ?? 0
    let difference = zip(a, b).map { abs($0 - $1) }.max() ?? 0
    return difference / max(scale, 1e-12)
}

@Suite struct KVCacheTests {
    /// Next-token logits of the last position of `sequence` through the engine's full evaluation forward.
    static func fullForwardLogits(_ model: GPT2Model, _ sequence: [Int]) throws -> [Float] {
        let inputs = sequence.map { Int32($0) }
        let batch = try Batch(inputs: inputs, targets: inputs, lossMask: Array(repeating: 0, count: inputs.count),
                              batchSize: 1, sequenceLength: inputs.count)
        let all = try model.logits(batch)
        let vocab = model.config.vocabSize
        return Array(all[(sequence.count - 1) * vocab..<sequence.count * vocab])
    }

    /// Rows fork, move and die at random; every row's logits at every step must match a full forward of its sequence.
    func checkAgainstFullForward(_ model: GPT2Model, prompts: [[Int]], steps: Int, seed: UInt64) throws {
        var generator = GPT2Generator(model: model, maxNewTokens: steps + 1)
        var random = SeededGenerator(seed: seed)
        var sequences = prompts
        var logits = try generator.start(prompts: prompts)
        let vocab = model.config.vocabSize
        for step in 0...steps {
            for (row, sequence) in sequences.enumerated() {
                let expected = try Self.fullForwardLogits(model, sequence)
                let cached = Array(logits[row * vocab..<(row + 1) * vocab])
                #expect(maxRelativeDifference(cached, expected) <= 1e-5, "step \(step), row \(row)")
            }
            if step == steps { break }
            let rows = Int(random.next() % 4) + 1
            let parents = (0..<rows).map { _ in Int(random.next() % UInt64(sequences.count)) }
            let tokens = (0..<rows).map { _ in Int(random.next() % UInt64(vocab)) }
            sequences = zip(parents, tokens).map { sequences[$0] + [$1] }
            logits = try generator.extend(parents: parents, tokens: tokens)
        }
    }

    @Test func cachedLogitsEqualAFullForwardAtEveryStep() throws {
        let model = try GenerationModels.tiny()
        try checkAgainstFullForward(model, prompts: [[5, 9, 1], [7], [3, 3, 3, 3, 3, 3], [40, 2, 11]], steps: 12, seed: 1)
    }

    @Test func cachedLogitsWithUnmergedLoRAEqualAFullForward() throws {
        let model = try GenerationModels.tinyWithLoRA(merged: false)
        try checkAgainstFullForward(model, prompts: [[1, 2, 3, 4, 5], [90], [17, 17]], steps: 10, seed: 2)
    }

    @Test func cacheRowsCanSwapPlacesAndSurviveReordering() throws {
        let model = try GenerationModels.tiny()
        var generator = GPT2Generator(model: model, maxNewTokens: 4)
        _ = try generator.start(prompts: [[1, 2], [3, 4, 5], [6]])
        // Rows 0 and 2 swap, row 1 stays: both swapped rows must be read before either is overwritten.
        let logits = try generator.extend(parents: [2, 1, 0], tokens: [7, 8, 9])
        let vocab = model.config.vocabSize
        for (row, sequence) in [[6, 7], [3, 4, 5, 8], [1, 2, 9]].enumerated() {
            let expected = try Self.fullForwardLogits(model, sequence)
            #expect(maxRelativeDifference(Array(logits[row * vocab..<(row + 1) * vocab]), expected) <= 1e-5)
        }
    }

    @Test func greedyStepsReuseTheCacheStorageAllocatedAtStart() throws {
        var generator = GPT2Generator(model: try GenerationModels.tiny(), maxNewTokens: 12)
        var logits = try generator.start(prompts: [[1, 2, 3], [4]])
        let slots = generator.cache.slotCapacity, rows = generator.cache.rowCapacity
        let length = generator.cache.lengthCapacity
        #expect(length == 3 + 11)
        for step in 0..<11 {
            let best = (0..<2).map { row in (0..<96).max { logits[row * 96 + $0] < logits[row * 96 + $1] } ?? 0 }
            logits = try generator.extend(parents: [0, 1], tokens: best)
            #expect(generator.cache.lengths == [4 + step, 2 + step])
        }
        #expect(generator.cache.slotCapacity == slots && generator.cache.rowCapacity == rows)
        #expect(generator.cache.lengthCapacity == length)
        #expect(generator.cache.slotCount == 4 + 2 * 11)
    }

    @Test func forkedRowsShareTheirPrefixSlots() throws {
        var generator = GPT2Generator(model: try GenerationModels.tiny(), maxNewTokens: 4)
        _ = try generator.start(prompts: [[1, 2, 3]])
        _ = try generator.extend(parents: [0, 0, 0], tokens: [4, 5, 6])
        // Three prompt slots plus one new slot per row; the prompt's slots are not copied.
        #expect(generator.cache.slotCount == 6)
        let tables = (0..<3).map { row in (0..<4).map { Int(generator.cache.slots(row: row)[$0]) } }
        #expect(tables == [[0, 1, 2, 3], [0, 1, 2, 4], [0, 1, 2, 5]])
    }

    @Test func aPromptLongerThanTheContextIsAClearError() throws {
        // 32 positions, 20 new tokens: prompt + 19 fed-back tokens must fit, so at most 13 prompt tokens.
        var generator = GPT2Generator(model: try GenerationModels.tiny())
        let options = DecodingOptions(maxNewTokens: 20, endTokens: [])
        _ = try generator.generate(prompts: [Array(repeating: 1, count: 13)], options: options)
        #expect(throws: GenerationError("prompt 2 has 14 tokens, but with 20 new tokens the 32-position context holds at most 13")) {
            try generator.generate(prompts: [[1], Array(repeating: 1, count: 14)], options: options)
        }
    }

    @Test func leftTruncationKeepsThePromptsLastTokens() throws {
        let model = try GenerationModels.tiny()
        let long = Array(0..<30)
        var truncating = GPT2Generator(model: model, maxPromptLength: 8)
        #expect(truncating.truncated(long) == Array(22..<30))
        let options = DecodingOptions(beamWidth: 3, maxNewTokens: 10, endTokens: [])
        var plain = GPT2Generator(model: model)
        #expect(try truncating.generate(prompts: [long], options: options)
                == plain.generate(prompts: [Array(22..<30)], options: options))
    }

    @Test func aTokenOutsideTheVocabularyIsAClearError() throws {
        var generator = GPT2Generator(model: try GenerationModels.tiny())
        #expect(throws: GenerationError("prompt 1, token 2: id 96 is outside the vocabulary of 96")) {
            try generator.generate(prompts: [[1, 96]], options: DecodingOptions(maxNewTokens: 2))
        }
    }
}
