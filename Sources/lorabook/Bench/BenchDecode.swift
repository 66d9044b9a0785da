import ArgumentParser
import Foundation
import GPT2
import SeededRandom

/// `lorabook bench decode`: decoding speed of the KV-cached generator on random-weight models, greedy and
/// beam search (length penalty 0.8, no repeated 4-grams), every prompt made to generate exactly `--new` tokens,
/// prompts decoded one at a time and all together.
struct BenchDecode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Measure decoding tokens/s (greedy and beam search) on random-weight GPT-2 models."
    )

    @OptionGroup var shape: ModelShapeOptions

    @Option(help: "Number of prompts.")
    var prompts = 4

    @Option(help: "Tokens per prompt.")
    var promptLength = 32

    @Option(help: "New tokens each prompt generates (no end token can stop it earlier).")
    var new = 40

    @Option(help: "Beam width of the beam setting.")
    var beam = 10

    @Option(help: ArgumentHelp("Search rules: 'hf' (Hugging Face generate, as bench/torch_reference.py) or 'paper' (the "
                               + "LoRA repository's gpt2_beam.py, as the notebooks decode).", valueName: "hf|paper"))
    var rules: DecodingRules = .hf

    @Option(help: "Timed passes over all prompts per row, after one warm-up prompt; the table shows their median.")
    var repeats = 1

    @Option(help: "Threads (the decode kernels split their work between them).")
    var threads = 2

    @OptionGroup var output: BenchOutput

    func validate() throws {
        let shapes = try shape.shapes()
        for (option, value) in [("--prompts", prompts), ("--prompt-length", promptLength), ("--new", new),
                                ("--repeats", repeats), ("--threads", threads)] where value < 1 {
            throw ValidationError("\(option) \(value) must be at least 1")
        }
        if beam < 2 { throw ValidationError("--beam \(beam) must be at least 2 (greedy is measured anyway)") }
        for shape in shapes where promptLength + new - 1 > shape.config.nPositions {
            throw ValidationError("--prompt-length \(promptLength) + --new \(new) - 1 exceeds \(shape.name)'s "
                                  + "\(shape.config.nPositions) positions")
        }
    }

    /// Row names, shared with bench/torch_reference.py: `micro beam 10, one prompt`, `gpt2 greedy, prompts batched`.
    /// Paper-rule rows add `paper` after the search: `4x128 v3117 beam 10 paper, prompts batched`.
    static func rowName(model: String, beamWidth: Int, together: Bool, rules: DecodingRules = .hf) -> String {
        "\(model) \(beamWidth == 1 ? "greedy" : "beam \(beamWidth)")\(rules == .paper ? " paper" : ""), "
            + (together ? "prompts batched" : "one prompt")
    }

    func run() throws {
        let shapes = try shape.shapes()
        BLASThreads.set(threads)
        var record = BenchmarkRecord(benchmark: "decode", threads: threads, settings: [
            "models": shape.models, "prompts": "\(prompts)", "prompt_length": "\(promptLength)", "new": "\(new)",
            "beam": "\(beam)", "rules": rules.rawValue, "repeats": "\(repeats)", "beam_options": "length penalty 0.8, no repeated 4-grams",
            "flops": "matrix products a KV-cached pass needs: causal attention, LM head on the rows asked for",
        ])
        let sgemm = SgemmRate(m: 1024, n: 3072, k: 768)
        record.add(sgemm.rowName, sgemm.values)
        print(String(format: "%@, %d threads: %.1f GFLOP/s", sgemm.rowName as NSString, threads, sgemm.gflops))

        var table = TextTable(["model", "mode", "rows", "new tok/s", "hypothesis tok/s", "in model", "GFLOP/s",
                               "of sgemm", "peak RSS MiB"])
        for shape in shapes {
            var config = shape.config
            config.residDropout = 0
            config.attnDropout = 0
            config.embdDropout = 0
            let model = try GPT2Model(config: config, seed: 1)
            var random = SeededGenerator(seed: 2)
            let inputs = (0..<prompts).map { _ in
                (0..<promptLength).map { _ in Int(random.next() % UInt64(config.vocabSize)) }
            }
            let greedy = DecodingOptions(rules: rules, beamWidth: 1, maxNewTokens: new, endTokens: [])
            let beamed = DecodingOptions(rules: rules, beamWidth: beam, lengthPenalty: 0.8, noRepeatNGramSize: 4, maxNewTokens: new,
                                         endTokens: [])
            for options in [greedy, beamed] {
                for together in [false, true] {
                    let row = try measure(model: model, prompts: inputs, options: options, together: together,
                                          sgemm: sgemm.gflops)
                    let name = Self.rowName(model: shape.label, beamWidth: options.beamWidth, together: together, rules: rules)
                    record.add(name, row)
                    table.add([shape.label, String(name.dropFirst(shape.label.count + 1)),
                               TextTable.number(row["rows"]), TextTable.number(row["tokens_per_second"], decimals: 1),
                               TextTable.number(row["hypothesis_tokens_per_second"], decimals: 1),
                               TextTable.number(row["model_share"].map { 100 * $0 }) + "%",
                               TextTable.number(row["gflops"], decimals: 1),
                               TextTable.number(row["sgemm_fraction"].map { 100 * $0 }) + "%",
                               TextTable.number(row["peak_rss_mib"])])
                }
            }
        }
        print(table.rendered)
        try output.write(record)
    }

    /// New tokens per second over all prompts (decoded one by one or together): the median of the timed passes
    /// after one warm-up prompt; the peak memory is this row's own.
    private func measure(model: GPT2Model, prompts: [[Int]], options: DecodingOptions, together: Bool,
                         sgemm: Double) throws -> [String: Double] {
        PeakMemory.reset()
        var counted = CountingModel(base: GPT2Generator(model: model, maxNewTokens: options.maxNewTokens), config: model.config)
        _ = try decode(prompts: [prompts[0]], model: &counted, options: options)
        var passes: [(seconds: Double, modelSeconds: Double, flops: Double)] = []
        for _ in 0..<repeats {
            counted.seconds = 0
            counted.flops = 0
            var produced = 0
            let start = ContinuousClock.now
            for batch in together ? [prompts] : prompts.map({ [$0] }) {
                let outputs = try decode(prompts: batch, model: &counted, options: options)
                produced += outputs.reduce(0) { $0 + $1.count }
            }
            guard produced == prompts.count * options.maxNewTokens else {
                throw ValidationError("decoding produced \(produced) tokens, expected \(prompts.count * options.maxNewTokens)")
            }
            passes.append(((ContinuousClock.now - start).seconds, counted.seconds, counted.flops))
        }
        let seconds = BenchTrain.median(passes.map(\.seconds))
        let flops = passes[0].flops
        let tokensPerSecond = Double(prompts.count * options.maxNewTokens) / seconds
        return [
            "tokens_per_second": tokensPerSecond, "hypothesis_tokens_per_second": tokensPerSecond * Double(options.beamWidth),
            "seconds": seconds, "model_share": BenchTrain.median(passes.map { $0.modelSeconds / $0.seconds }),
            "gflops": flops / seconds / 1e9, "sgemm_fraction": flops / seconds / 1e9 / sgemm,
            "rows": Double(options.beamWidth * (together ? prompts.count : 1)), "peak_rss_mib": PeakMemory.peakMiB(),
        ]
    }

    private func decode(prompts: [[Int]], model: inout CountingModel<GPT2Generator>, options: DecodingOptions) throws -> [[Int]] {
        if options.rules == .paper { return try PaperBeamSearch.decode(prompts: prompts, model: &model, options: options) }
        return options.beamWidth == 1
            ? try GreedySearch.decode(prompts: prompts, model: &model, options: options)
            : try BeamSearch.decode(prompts: prompts, model: &model, options: options)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
