import Foundation
@testable import GPT2
import Testing

/// tools/make_paper_decoding_fixtures.py: the LoRA paper's beam search written in Python over HF logits.
typealias PaperDecodingFixture = ToyDecodingFixture<PaperDecodingSetting>

struct PaperDecodingSetting: Decodable {
    let name: String
    let model: String
    let beams: Int
    let length_penalty: Double
    let no_repeat: Int
    let max_new: Int
    let eos: [Int]
    let repetition_penalty: Float?

    var options: DecodingOptions {
        DecodingOptions(rules: .paper, beamWidth: beams, lengthPenalty: length_penalty, noRepeatNGramSize: no_repeat,
                        repetitionPenalty: repetition_penalty ?? 1, maxNewTokens: max_new, endTokens: eos)
    }
}

/// A model whose next-token log-probabilities are a function of the generated tokens (the prompt is the first row's).
struct ScriptedModel: NextTokenModel {
    let vocabularySize: Int
    let promptLength: Int
    let next: ([Int]) -> [Float]
    var rows: [[Int]] = []

    init(vocabularySize: Int, promptLength: Int, next: @escaping ([Int]) -> [Float]) {
        self.vocabularySize = vocabularySize
        self.promptLength = promptLength
        self.next = next
    }

    mutating func start(prompts: [[Int]]) throws -> [Float] {
        rows = prompts
        return rows.flatMap { next(Array($0.dropFirst(promptLength))) }
    }

    mutating func extend(parents: [Int], tokens: [Int]) throws -> [Float] {
        rows = zip(parents, tokens).map { rows[$0] + [$1] }
        return rows.flatMap { next(Array($0.dropFirst(promptLength))) }
    }

    /// Log-probabilities from probabilities; tokens not named get `floor`.
    static func logits(_ probabilities: [Int: Double], vocabulary: Int, floor: Double = 1e-9) -> [Float] {
        (0..<vocabulary).map { Float(log(probabilities[$0] ?? floor)) }
    }
}

@Suite struct PaperDecodingTests {
    let fixture: PaperDecodingFixture

    init() throws {
        fixture = try PaperDecodingFixture.load("paper_beam")
    }

    func decode(_ setting: PaperDecodingSetting, prompts: [[Int]], exhaustive: Bool) throws -> [[Int]] {
        if setting.model == "toy" {
            var model = fixture.model
            return try PaperBeamSearch.decode(prompts: prompts, model: &model, options: setting.options, exhaustive: exhaustive)
        }
        var generator = GPT2Generator(model: try GenerationModels.tiny(), maxNewTokens: setting.max_new)
        return try PaperBeamSearch.decode(prompts: prompts, model: &generator, options: setting.options, exhaustive: exhaustive)
    }

    @Test(arguments: ["toy-beam10-paper", "toy-beam4-lp1", "toy-beam3-lp2-no-repeat-2", "toy-beam5-repetition-1.3",
                      "toy-greedy-no-repeat-2", "tiny-beam10-paper", "tiny-beam4-no-repeat-2", "tiny-greedy"])
    func eachPromptMatchesThePythonReference(setting name: String) throws {
        let setting = try #require(fixture.settings.first { $0.name == name })
        let items = fixture.cases.filter { $0.setting == name }
        #expect(!items.isEmpty)
        for item in items {
            #expect(try decode(setting, prompts: [item.prompt], exhaustive: true) == [item.output], "prompt \(item.prompt)")
            #expect(try decode(setting, prompts: [item.prompt], exhaustive: false) == [item.output], "prompt \(item.prompt), early stop")
        }
    }

    @Test(arguments: ["toy-beam10-paper", "toy-beam3-lp2-no-repeat-2", "tiny-beam10-paper"])
    func promptsDecodedInOneBatchGiveTheSameOutputsAsAlone(setting name: String) throws {
        let setting = try #require(fixture.settings.first { $0.name == name })
        let items = fixture.cases.filter { $0.setting == name }
        #expect(try decode(setting, prompts: items.map(\.prompt), exhaustive: false) == items.map(\.output))
    }

    @Test func theGeneratorUsesThePaperRulesWhenAsked() throws {
        let setting = try #require(fixture.settings.first { $0.name == "tiny-beam10-paper" })
        let items = fixture.cases.filter { $0.setting == setting.name }
        var generator = GPT2Generator(model: try GenerationModels.tiny())
        #expect(try generator.generate(prompts: items.map(\.prompt), options: setting.options) == items.map(\.output))
    }

    /// E2E outputs copy MR values: "Raja Indian Cuisine" is a 4-gram of the prompt and of the right output.
    @Test func anOutputMayRepeatAFourGramOfItsPromptUnderThePaperRules() throws {
        let prompt = [1, 2, 3, 4, 5], wanted = [1, 2, 3, 4, 0]
        let model = ScriptedModel(vocabularySize: 8, promptLength: prompt.count) { generated in
            ScriptedModel.logits([wanted[min(generated.count, wanted.count - 1)]: 0.9], vocabulary: 8, floor: 0.1 / 7)
        }
        let options = DecodingOptions(rules: .paper, beamWidth: 3, lengthPenalty: 0.8, noRepeatNGramSize: 4,
                                      maxNewTokens: 10, endTokens: [0])
        var paper = model
        #expect(try PaperBeamSearch.decode(prompts: [prompt], model: &paper, options: options) == [wanted])
        var hf = model
        var hfOptions = options
        hfOptions.rules = .hf
        let hfOutput = try BeamSearch.decode(prompts: [prompt], model: &hf, options: hfOptions)
        #expect(hfOutput != [wanted])
        #expect(!hfOutput[0].starts(with: [1, 2, 3, 4]))
    }

    /// Step 0: end 0.45, token 1 0.5; after [1]: end 0.5; later every token 0.25. Candidates [0] = log 0.45 and
    /// [1, 0] = 2 log 0.5 / 2^lp; longer ones lose log 4 a step.
    @Test(arguments: [0.0, 0.8, 1.0])
    func anEndedHypothesisScoresItsSumOverItsLengthToThePenalty(lengthPenalty: Double) throws {
        let model = ScriptedModel(vocabularySize: 4, promptLength: 1) { generated in
            switch generated {
            case []: return ScriptedModel.logits([0: 0.45, 1: 0.5, 2: 0.05 - 2e-9], vocabulary: 4)
            case [1]: return ScriptedModel.logits([0: 0.5, 3: 0.5 - 2e-9], vocabulary: 4)
            default: return ScriptedModel.logits([0: 0.25, 1: 0.25, 2: 0.25, 3: 0.25], vocabulary: 4)
            }
        }
        let short = Float(log(0.45)), long = Float(2 * log(0.5)) / Float(pow(2.0, lengthPenalty))
        let expected = long > short ? [1, 0] : [0]
        var search = model
        let options = DecodingOptions(rules: .paper, beamWidth: 2, lengthPenalty: lengthPenalty, maxNewTokens: 6, endTokens: [0])
        #expect(try PaperBeamSearch.decode(prompts: [[7 % 4]], model: &search, options: options) == [expected])
        #expect(expected == (lengthPenalty == 0 ? [0] : [1, 0]))
    }

    @Test func anEndTokenFirstGivesAnEmptyOutput() throws {
        let model = ScriptedModel(vocabularySize: 5, promptLength: 2) { _ in
            ScriptedModel.logits([4: 0.97, 1: 0.01, 2: 0.01, 3: 0.01], vocabulary: 5)
        }
        for beams in [1, 3] {
            var search = model
            let options = DecodingOptions(rules: .paper, beamWidth: beams, lengthPenalty: 0.8, maxNewTokens: 8, endTokens: [4])
            #expect(try PaperBeamSearch.decode(prompts: [[1, 2]], model: &search, options: options) == [[4]])
        }
    }

    /// Without an end token the search runs to the limit and every live hypothesis competes at that length.
    @Test func withoutAnEndTheBestLiveHypothesisAtTheLimitWins() throws {
        var model = fixture.model
        let options = DecodingOptions(rules: .paper, beamWidth: 4, lengthPenalty: 0.8, maxNewTokens: 7, endTokens: [])
        let output = try PaperBeamSearch.decode(prompts: [[3]], model: &model, options: options)
        #expect(output[0].count == 7)
    }

    @Test func theEarlyStopNeverChangesTheResult() throws {
        for beams in [1, 2, 5, 10] {
            for penalty in [0.0, 0.8, 2.0] {
                let options = DecodingOptions(rules: .paper, beamWidth: beams, lengthPenalty: penalty, noRepeatNGramSize: 3,
                                              maxNewTokens: 24, endTokens: [0, 1, 2])
                let prompts = (0..<8).map { [($0 * 7) % fixture.vocab, ($0 * 11 + 3) % fixture.vocab] }
                var exhaustive = fixture.model, stopping = fixture.model
                #expect(try PaperBeamSearch.decode(prompts: prompts, model: &exhaustive, options: options, exhaustive: true)
                        == PaperBeamSearch.decode(prompts: prompts, model: &stopping, options: options))
                #expect(stopping.calls.count <= exhaustive.calls.count)
            }
        }
    }

    @Test func banningLooksAtTheGeneratedTokensOnly() {
        let processing = LogitsProcessing(repetitionPenalty: 1, noRepeatNGramSize: 4)
        // The prompt's 4-gram "1 2 3 4" is not in the output "1 2 3": nothing is banned under the paper's rules.
        #expect(processing.bannedTokens(after: [1, 2, 3]) == [])
        #expect(processing.bannedTokens(after: [1, 2, 3, 4, 5, 1, 2, 3]) == [4])
    }
}
