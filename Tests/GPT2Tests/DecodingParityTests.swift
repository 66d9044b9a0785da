import Foundation
@testable import GPT2
import Testing

/// The toy model of tools/make_decoding_fixtures.py: logits[t] = last[x_t] + previous[x_{t-1}], x_{-1} = 0.
struct ToyBigramModel: NextTokenModel {
    let vocabularySize: Int
    let last: [Float]
    let previous: [Float]
    var rows: [[Int]] = []
    var calls: [Int] = []

    mutating func start(prompts: [[Int]]) throws -> [Float] {
        rows = prompts
        calls.append(rows.count)
        return logits()
    }

    mutating func extend(parents: [Int], tokens: [Int]) throws -> [Float] {
        rows = zip(parents, tokens).map { rows[$0] + [$1] }
        calls.append(rows.count)
        return logits()
    }

    func logits() -> [Float] {
        rows.flatMap { row -> [Float] in
            let x = row[row.count - 1]
            let before = row.count >= 2 ? row[row.count - 2] : 0
            return (0..<vocabularySize).map { last[x * vocabularySize + $0] + previous[before * vocabularySize + $0] }
        }
    }
}

/// A decoding fixture over the toy model: its tables, the settings tried and each prompt's expected output.
struct ToyDecodingFixture<Setting: Decodable>: Decodable {
    struct Case: Decodable {
        let setting: String
        let prompt: [Int]
        let output: [Int]
    }

    let vocab: Int
    let last: [Float]
    let previous: [Float]
    let settings: [Setting]
    let cases: [Case]

    /// `Fixtures/decoding/NAME.json` from the test bundle.
    static func load(_ name: String) throws -> Self {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/decoding/" + name, withExtension: "json"))
        return try JSONDecoder().decode(Self.self, from: Data(contentsOf: url))
    }

    var model: ToyBigramModel { ToyBigramModel(vocabularySize: vocab, last: last, previous: previous) }
}

/// tools/make_decoding_fixtures.py: Hugging Face `generate` on the toy model.
typealias DecodingFixture = ToyDecodingFixture<HFDecodingSetting>

struct HFDecodingSetting: Decodable {
    let name: String
    let num_beams: Int
    let max_new_tokens: Int
    let eos: [Int]
    let length_penalty: Double?
    let no_repeat_ngram_size: Int?
    let repetition_penalty: Float?

    var options: DecodingOptions {
        DecodingOptions(rules: .hf, beamWidth: num_beams, lengthPenalty: length_penalty ?? 1, noRepeatNGramSize: no_repeat_ngram_size ?? 0,
                        repetitionPenalty: repetition_penalty ?? 1, maxNewTokens: max_new_tokens, endTokens: eos)
    }
}

@Suite struct DecodingParityTests {
    let fixture: DecodingFixture

    init() throws {
        fixture = try DecodingFixture.load("toy_generate")
    }

    func decode(_ setting: HFDecodingSetting, prompts: [[Int]]) throws -> [[Int]] {
        var model = fixture.model
        return setting.num_beams == 1
            ? try GreedySearch.decode(prompts: prompts, model: &model, options: setting.options)
            : try BeamSearch.decode(prompts: prompts, model: &model, options: setting.options)
    }

    @Test(arguments: ["greedy", "greedy-no-repeat-2", "greedy-repetition-1.5", "beam10-paper", "beam4-lp1",
                      "beam3-lp2-no-repeat-2", "beam5-repetition-1.3"])
    func eachPromptAloneMatchesHuggingFaceGenerate(setting name: String) throws {
        let setting = try #require(fixture.settings.first { $0.name == name })
        for item in fixture.cases where item.setting == name {
            let output = try decode(setting, prompts: [item.prompt])
            #expect(output == [item.output], "prompt \(item.prompt)")
        }
    }

    @Test(arguments: ["greedy", "beam10-paper", "beam3-lp2-no-repeat-2"])
    func promptsDecodedInOneBatchGiveTheSameOutputsAsAlone(setting name: String) throws {
        let setting = try #require(fixture.settings.first { $0.name == name })
        let items = fixture.cases.filter { $0.setting == name }
        #expect(try decode(setting, prompts: items.map(\.prompt)) == items.map(\.output))
    }

    @Test func finishedPromptsLeaveTheBatch() throws {
        let setting = try #require(fixture.settings.first { $0.name == "greedy" })
        var model = fixture.model
        let items = fixture.cases.filter { $0.setting == "greedy" }
        _ = try GreedySearch.decode(prompts: items.map(\.prompt), model: &model, options: setting.options)
        // Two prompts stop early at the end token; the batch shrinks from 5 rows to 3.
        #expect(model.calls.first == 5)
        #expect(model.calls.last == 3)
    }

    @Test func anEmptyPromptIsAClearError() {
        var model = fixture.model
        #expect(throws: GenerationError("prompt 2 is empty: decoding needs at least one token")) {
            try BeamSearch.decode(prompts: [[1], []], model: &model, options: DecodingOptions(rules: .hf, beamWidth: 2))
        }
    }
}

@Suite struct LogitsProcessingTests {
    @Test func noRepeatBansTheTokenThatWouldRepeatAnNGram() {
        let processing = LogitsProcessing(repetitionPenalty: 1, noRepeatNGramSize: 3)
        // "1 2 3 ... 1 2" : the 3-gram "1 2 3" exists, so 3 is banned after "1 2".
        #expect(processing.bannedTokens(after: [1, 2, 3, 4, 1, 2]) == [3])
        #expect(processing.bannedTokens(after: [1, 2]) == [])
    }

    @Test func repetitionPenaltyShrinksPositiveAndGrowsNegativeScores() {
        var scores: [Float] = [2, -2, 2]
        scores.withUnsafeMutableBufferPointer {
            LogitsProcessing(repetitionPenalty: 2, noRepeatNGramSize: 0).apply(to: $0, sequence: [0, 1, 1])
        }
        #expect(scores == [1, -4, 2])
    }

    @Test func logSoftmaxMatchesADoublePrecisionReference() {
        let values: [Float] = (0..<1000).map { Float(sin(Double($0) * 0.37) * 20) }
        var row = values
        row.withUnsafeMutableBufferPointer { logSoftmaxInPlace($0) }
        let maximum = values.map(Double.init).max()!
        let logSum = maximum + log(values.reduce(0.0) { $0 + exp(Double($1) - maximum) })
        for (got, value) in zip(row, values) {
            #expect(abs(Double(got) - (Double(value) - logSum)) < 2e-5)
        }
    }

    @Test func theInlinedLaneSumIsTheLibrarySumBitForBit() {
        // Magnitudes far apart, so any other order of the adds would round differently.
        for seed in 0..<200 {
            let v = SIMD16<Float>((0..<16).map { lane in
                Float(sin(Double(seed * 16 + lane) * 1.7)) * pow(10, Float((seed + lane * 7) % 9) - 4)
            })
            #expect(VectorMath.laneSum(v).bitPattern == v.sum().bitPattern, "vector \(v)")
        }
    }

    @Test(arguments: [false, true])
    func offeringARowIsOfferingItsScoresOneByOne(skippingMinusInfinity: Bool) {
        let row: [Float] = (0..<101).map { $0 % 17 == 3 ? -.infinity : Float(Int(sin(Double($0)) * 8)) / 4 }
        for capacity in [1, 3, 10, 40, 100] {
            expectRowOfferMatchesOneByOne(row, minus: 1.5, plus: 0.25, capacity: capacity,
                                          skippingMinusInfinity: skippingMinusInfinity)
        }
    }

    /// The skip bound's margin must hold where rounding is largest relative to the values: shifts and offsets from
    /// subnormal to near Float's overflow, of either sign, over values a few ulps apart (ties and near-misses of the
    /// floor after the shift and offset round).
    @Test(arguments: zip([0, 1e-30, 3.7, -1e6, 1e30, -3e37, 2e-38, 8.5] as [Float],
                         [0, -1e-30, -2.1, 1e6, -1e30, 2e37, 1e-39, -8.5e-7] as [Float]))
    func offeringARowAtExtremeShiftsAndOffsetsIsOfferingItsScoresOneByOne(shift: Float, offset: Float) {
        for center in [shift, shift - offset, -offset, 1, -1e20, 3e-39] as [Float] {
            let row: [Float] = (0..<257).map { t in
                var x = center
                for _ in 0..<((t * 37) % 11) { x = x.nextUp }
                for _ in 0..<((t * 53) % 7) { x = x.nextDown }
                return x
            }
            for capacity in [1, 2, 10, 64] {
                expectRowOfferMatchesOneByOne(row, minus: shift, plus: offset, capacity: capacity, skippingMinusInfinity: true)
            }
        }
    }

    private func expectRowOfferMatchesOneByOne(_ row: [Float], minus shift: Float, plus offset: Float, capacity: Int,
                                               skippingMinusInfinity: Bool) {
        var one = TopK(capacity: capacity), block = TopK(capacity: capacity)
        for (t, value) in row.enumerated() where !skippingMinusInfinity || (value - shift) + offset > -.infinity {
            one.offer(score: (value - shift) + offset, index: 7 + t)
        }
        row.withUnsafeBufferPointer {
            block.offer(row: $0.baseAddress!, count: row.count, minus: shift, plus: offset, firstIndex: 7,
                        skippingMinusInfinity: skippingMinusInfinity)
        }
        let context = "capacity \(capacity), shift \(shift), offset \(offset)"
        #expect(block.items.map(\.index) == one.items.map(\.index), "\(context)")
        #expect(block.items.map(\.score.bitPattern) == one.items.map(\.score.bitPattern), "\(context)")
    }

    @Test func vectorExpIsAccurateToAFewUlps() {
        for start in stride(from: -87.0 as Float, to: 87.2, by: 0.731) {
            let x = SIMD16<Float>((0..<16).map { start + Float($0) * 0.0456 })
            let y = VectorMath.exp(x)
            for lane in 0..<16 {
                let exact = Foundation.exp(Double(x[lane]))
                #expect(abs(Double(y[lane]) - exact) <= exact * 4e-7, "exp(\(x[lane]))")
            }
        }
    }
}
