import GPT2
import Testing
@testable import lorabook

/// A model that returns zero logits, to count what the wrapper adds up without a real pass.
private struct ZeroLogits: NextTokenModel {
    var vocabularySize: Int
    mutating func start(prompts: [[Int]]) throws -> [Float] { Array(repeating: 0, count: prompts.count * vocabularySize) }
    mutating func extend(parents: [Int], tokens: [Int]) throws -> [Float] {
        Array(repeating: 0, count: tokens.count * vocabularySize)
    }
}

@Suite struct CountingModelTests {
    let config = GPT2Config(nLayer: 2, nHead: 1, nEmbd: 32, nPositions: 16, vocabSize: 10)

    @Test func thePromptCountsLinearLayersCausalAttentionAndOneHeadRowPerPrompt() throws {
        var model = CountingModel(base: ZeroLogits(vocabularySize: 10), config: config)
        _ = try model.start(prompts: [[1, 2, 3], [4, 5, 6]])
        // Per prompt: 2 layers x (24 d^2 x 3 tokens + 4 d x (1 + 2 + 3)); head: 2 rows x 2 V d.
        let perPrompt: Double = 2 * (24 * 32 * 32 * 3 + 4 * 32 * 6)
        let head: Double = 2 * 2 * 10 * 32
        #expect(model.flops == 2 * perPrompt + head)
    }

    @Test func eachExtensionAttendsOverOneMorePosition() throws {
        var model = CountingModel(base: ZeroLogits(vocabularySize: 10), config: config)
        _ = try model.start(prompts: [[1, 2]])
        let afterPrompt = model.flops
        _ = try model.extend(parents: [0, 0, 0], tokens: [1, 2, 3])
        let head: Double = 2 * 3 * 10 * 32
        let firstStep: Double = 3 * 2 * (24 * 32 * 32 + 4 * 32 * 3) + head
        #expect(model.flops - afterPrompt == firstStep)
        _ = try model.extend(parents: [0, 1, 2], tokens: [1, 2, 3])
        let secondStep: Double = 3 * 2 * (24 * 32 * 32 + 4 * 32 * 4) + head
        #expect(model.flops - afterPrompt == firstStep + secondStep)
        #expect(model.seconds >= 0)
    }
}
