import ArgumentParser
import Foundation
import GPT2

/// `lorabook bench decode`: decoding speed of the KV-cached generator on random-weight presets, greedy and
/// beam 10 (length penalty 0.8, no repeated 4-grams), every prompt made to generate exactly `--new` tokens.
struct BenchDecode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Measure decoding tokens/s (greedy and beam 10) on random-weight GPT-2 presets."
    )

    @Option(help: "Comma-separated model presets (micro, gpt2, gpt2-medium, gpt2-large).")
    var models = "micro,gpt2"

    @Option(help: "Number of prompts.")
    var prompts = 4

    @Option(help: "Tokens per prompt.")
    var promptLength = 32

    @Option(help: "New tokens each prompt generates (no end token can stop it earlier).")
    var new = 40

    @Option(help: "BLAS threads.")
    var threads = 2

    @Option(help: "Beam width of the beam setting.")
    var beam = 10

    /// Hugging Face `generate`, beam 10, 40 new tokens, one prompt at a time, 2 threads (REFERENCE.md section 6).
    static let huggingFaceBeam10: [String: Double] = ["micro": 64, "gpt2": 15]

    func run() throws {
        BLASThreads.set(threads)
        print("model   mode                                rows  new tok/s  hypothesis tok/s  vs HF  in model")
        for name in models.split(separator: ",").map(String.init) {
            guard var config = GPT2Config.preset(named: name) else {
                throw ValidationError("unknown preset '\(name)' (micro, gpt2, gpt2-medium, gpt2-large)")
            }
            config.residDropout = 0
            config.attnDropout = 0
            config.embdDropout = 0
            let model = try GPT2Model(config: config, seed: 1)
            var random = SeededGenerator(seed: 2)
            let inputs = (0..<prompts).map { _ in
                (0..<promptLength).map { _ in Int(random.next() % UInt64(config.vocabSize)) }
            }
            let greedy = DecodingOptions(beamWidth: 1, maxNewTokens: new, endTokens: [])
            let beamed = DecodingOptions(beamWidth: beam, lengthPenalty: 0.8, noRepeatNGramSize: 4, maxNewTokens: new,
                                         endTokens: [])
            for (label, options) in [("greedy", greedy), ("beam \(beam) lp 0.8 nr 4", beamed)] {
                for together in [false, true] {
                    let result = try measure(model: model, prompts: inputs, options: options, together: together)
                    let rows = together ? prompts * options.beamWidth : options.beamWidth
                    let reference = !together && options.beamWidth == 10 && options.maxNewTokens == 40
                        ? Self.huggingFaceBeam10[name].map { String(format: "%5.1fx", result.tokensPerSecond / $0) } : nil
                    print(name.padding(toLength: 8, withPad: " ", startingAt: 0)
                          + (label + (together ? ", prompts batched" : ", one prompt")).padding(toLength: 36, withPad: " ", startingAt: 0)
                          + String(rows).leftPadded(4)
                          + String(format: "%11.1f %17.1f", result.tokensPerSecond,
                                   result.tokensPerSecond * Double(options.beamWidth))
                          + (reference ?? "-").leftPadded(7)
                          + String(format: "%9.0f%%", 100 * result.modelShare))
                }
            }
        }
    }

    /// New tokens per second over all prompts (decoded one by one or together), after one warm-up prompt.
    private func measure(model: GPT2Model, prompts: [[Int]], options: DecodingOptions,
                 together: Bool) throws -> (tokensPerSecond: Double, modelShare: Double) {
        var timed = TimedModel(base: GPT2Generator(model: model, maxNewTokens: options.maxNewTokens))
        _ = try decode(prompts: [prompts[0]], model: &timed, options: options)
        timed.seconds = 0
        let clock = ContinuousClock()
        var produced = 0
        let elapsed = try clock.measure {
            for batch in together ? [prompts] : prompts.map({ [$0] }) {
                let outputs = try decode(prompts: batch, model: &timed, options: options)
                produced += outputs.reduce(0) { $0 + $1.count }
            }
        }
        guard produced == prompts.count * options.maxNewTokens else {
            throw ValidationError("decoding produced \(produced) tokens, expected \(prompts.count * options.maxNewTokens)")
        }
        let seconds = elapsed.seconds
        return (Double(produced) / seconds, timed.seconds / seconds)
    }

    private func decode(prompts: [[Int]], model: inout TimedModel<GPT2Generator>, options: DecodingOptions) throws -> [[Int]] {
        options.beamWidth == 1
            ? try GreedySearch.decode(prompts: prompts, model: &model, options: options)
            : try BeamSearch.decode(prompts: prompts, model: &model, options: options)
    }
}

/// A next-token model that adds the wall time spent inside it, so the search's own share can be told apart.
fileprivate struct TimedModel<Base: NextTokenModel>: NextTokenModel {
    var base: Base
    var seconds = 0.0

    var vocabularySize: Int { base.vocabularySize }

    mutating func start(prompts: [[Int]]) throws -> [Float] {
        let begin = ContinuousClock.now
        defer { seconds += (ContinuousClock.now - begin).seconds }
        return try base.start(prompts: prompts)
    }

    mutating func extend(parents: [Int], tokens: [Int]) throws -> [Float] {
        let begin = ContinuousClock.now
        defer { seconds += (ContinuousClock.now - begin).seconds }
        return try base.extend(parents: parents, tokens: tokens)
    }
}

fileprivate extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}

fileprivate extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
