import ArgumentParser
import Distributed
import Foundation
import GPT2
import SeededRandom
import GPT2TokenIDs

/// `lorabook bench train`: training throughput (forward + backward + AdamW, label smoothing 0.1) of full
/// fine-tuning and LoRA (r 4, alpha 32, on q and v) on random-weight models, the achieved GFLOP/s against the
/// sgemm rate measured at the start of the same run, and each row's peak memory.
struct BenchTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Measure training tokens/s, achieved GFLOP/s against sgemm, and peak memory."
    )

    @OptionGroup var shape: ModelShapeOptions

    @Option(help: "Comma-separated training methods (full, lora, bitfit, top2, adapterH, adapterL, prefix, lora+prefix, lora-qkvo, lora-all; adapters at bottleneck 16, prefix length 8; lora on q and v, lora-qkvo on q, k, v and o, lora-all on every linear layer).")
    var methods = "full,lora"

    @Option(help: "Sequences per step.")
    var batch = 8

    @Option(help: "Tokens per sequence.")
    var length = 128

    @Option(help: "Untimed warm-up steps per row.")
    var warmup = 1

    @Option(help: "Timed steps per row; the table shows their median.")
    var steps = 3

    @Option(help: "OpenBLAS threads.")
    var threads = 2

    @Flag(help: "Also print, per model, the timed steps' wall time by phase (forward, LM head + loss, backward, gradient zeroing/reduction/clipping, AdamW), each split into matrix products, attention and the rest, with shares of the step and products per step, the methods side by side; and record them.")
    var profile = false

    @Option(help: "Comma-separated MPI rank counts (1,2): runs the benchmark once per count, under mpirun -np N above 1, each step's batch shared by the ranks; writes NAME-ranksN.json each.")
    var ranks: String?

    @OptionGroup var output: BenchOutput

    /// The methods by name; LoRA as the paper's E2E setting uses it; a prefix of 8 (as many values as that LoRA).
    static let knownMethods: [(name: String, method: TrainingMethod)] = [
        ("full", .full), ("lora", .lora(paperLoRA)), ("bitfit", .bitfit), ("top2", .topBlocks(2)),
        ("adapterH", .adapter(BottleneckOptions(kind: .houlsby, size: 16))),
        ("adapterL", .adapter(BottleneckOptions(kind: .lin, size: 16))),
        ("prefix", .prefix(PrefixOptions(length: 8))), ("lora+prefix", .loraPrefix(paperLoRA, PrefixOptions(length: 8))),
        ("lora-qkvo", .lora(LoRAOptions(rank: 4, alpha: 32, dropout: 0.1, targets: [.query, .key, .value, .output]))),
        ("lora-all", .lora(LoRAOptions(rank: 4, alpha: 32, dropout: 0.1, targets: LoRATarget.allCases))),
    ]
    static let paperLoRA = LoRAOptions(rank: 4, alpha: 32, dropout: 0.1, targets: [.query, .value])

    func validate() throws {
        _ = try shape.shapes()
        _ = try chosenMethods()
        for (option, value) in [("--batch", batch), ("--length", length), ("--steps", steps), ("--threads", threads)] where value < 1 {
            throw ValidationError("\(option) \(value) must be at least 1")
        }
        if warmup < 0 { throw ValidationError("--warmup \(warmup) must not be negative") }
    }

    func chosenMethods() throws -> [(name: String, method: TrainingMethod)] {
        let names = methods.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        if let unknown = names.first(where: { name in !Self.knownMethods.contains { $0.name == name } }) {
            throw ValidationError("unknown training method '\(unknown)' (\(Self.knownMethods.map(\.name).joined(separator: ", ")))")
        }
        return Self.knownMethods.filter { names.contains($0.name) }
    }

    func run() throws {
        if let ranks, !World.current.isParallel {
            try BenchRanks.runEach(try BenchRanks.counts(ranks), name: output.name ?? "train")
            return
        }
        let world = World.current
        let shapes = try shape.shapes()
        let chosen = try chosenMethods()
        BLASThreads.set(threads)
        var record = BenchmarkRecord(benchmark: "train", threads: threads, settings: [
            "models": shape.models, "methods": methods, "vocab": shape.vocab.map(String.init) ?? "\(GPT2TokenIDs.vocabularySize)", "batch": "\(batch)",
            "length": "\(length)", "warmup": "\(warmup)", "steps": "\(steps)", "timing": "median of timed steps",
            "lora": "r 4, alpha 32, dropout 0.1, q and v (lora-qkvo: q, k, v, o; lora-all: q, k, v, o, fc, proj)", "loss": "cross-entropy, label smoothing 0.1, every position",
            "openblas thread timeout": ProcessInfo.processInfo.environment[OpenBLASThreadTimeout.variable] ?? "default",
            "ranks": "\(world.size)",
        ])

        let sgemm = SgemmRate(m: batch * length, n: 3072, k: 768)
        record.add(sgemm.rowName, sgemm.values)
        say(String(format: "%@, %d threads: %.1f GFLOP/s (%.1f per CPU-second)",
                   sgemm.rowName as NSString, threads, sgemm.gflops, sgemm.gflopsPerCPUSecond))

        var table = TextTable(["model", "method", "ranks", "tok/s", "s/step", "CPU s/step", "GFLOP/s", "of sgemm", "peak RSS MiB",
                               "grads+Adam MiB", "activations MiB", "all-reduced MiB/step", "all-reduce s/step"])
        var profileTables: [TextTable] = []
        for shape in shapes {
            var profiles: [(name: String, profile: StepProfile)] = []
            for (label, method) in chosen {
                var config = shape.config
                // A prefix takes positions before the sequence.
                config.nPositions = max(config.nPositions, length + (method.prefixOptions?.length ?? 0))
                let (row, phases) = try measure(config: config, method: method, sgemm: sgemm.gflops)
                record.add("\(shape.label) \(label)", row)
                if let phases {
                    profiles.append((label, phases))
                    record.add("\(shape.label) \(label) profile", BenchProfile.values(phases))
                }
                table.add([shape.label, label, "\(world.size)", TextTable.number(row["tokens_per_second"]),
                           TextTable.number(row["step_seconds"], decimals: 3),
                           TextTable.number(row["cpu_step_seconds"], decimals: 3),
                           TextTable.number(row["gflops"], decimals: 1),
                           TextTable.number(row["sgemm_fraction"].map { 100 * $0 }) + "%",
                           TextTable.number(row["peak_rss_mib"]),
                           TextTable.number((row["gradient_mib"] ?? 0) + (row["optimizer_state_mib"] ?? 0), decimals: 2),
                           TextTable.number(row["activation_mib"]),
                           TextTable.number((row["allreduce_bytes_per_step"] ?? 0) / 1024 / 1024, decimals: 3),
                           TextTable.number(row["allreduce_step_seconds"], decimals: 4)])
            }
            if !profiles.isEmpty { profileTables.append(BenchProfile.table(model: shape.label, methods: profiles)) }
        }
        say(table.rendered)
        for profileTable in profileTables { say(profileTable.rendered) }
        // Under mpirun rank 0 alone writes.
        if world.isWriter { try output.write(record) }
    }

    private func say(_ text: String) {
        if World.current.isWriter { print(text) }
    }

    /// One row on a fresh model: warm-up steps, then the timed steps' median wall time; the peak is this row's own.
    private func measure(config: GPT2Config, method: TrainingMethod, sgemm: Double) throws
        -> (row: [String: Double], profile: StepProfile?) {
        PeakMemory.reset()
        var generator = SeededGenerator(seed: 7)
        let count = batch * length
        let inputs = (0..<count).map { _ in Int32(generator.next() % UInt64(config.vocabSize)) }
        let targets = (0..<count).map { _ in Int32(generator.next() % UInt64(config.vocabSize)) }
        let data = try Batch(inputs: inputs, targets: targets, lossMask: Array(repeating: 1, count: count),
                             batchSize: batch, sequenceLength: length)
        // The trainer holds the only copy of the weights, as in a real run.
        var trainer = try Trainer(model: GPT2Model(config: config, seed: 1), method: method, schedule: .constant(1e-4),
                                  seed: 1, labelSmoothing: 0.1)
        let reduceClock = BenchRanks.ReduceClock()
        trainer.dataParallelism = BenchRanks.dataParallelism(timing: reduceClock)
        for _ in 0..<warmup { _ = try trainer.step(batches: [data]) }
        reduceClock.reset()
        var seconds: [Double] = []
        StepProfile.isEnabled = profile
        defer { StepProfile.isEnabled = false }
        let cpuStart = CPUTime.seconds()
        for _ in 0..<steps { seconds.append(try trainer.step(batches: [data]).seconds) }
        let cpuPerStep = (CPUTime.seconds() - cpuStart) / Double(steps)
        let median = Self.median(seconds)
        let flops = FlopCount.trainingStep(config: config, batchSize: batch, length: length, method: method)
        let mib = 1024.0 * 1024.0
        let row = [
            "tokens_per_second": Double(count) / median, "step_seconds": median,
            "mean_step_seconds": seconds.reduce(0, +) / Double(seconds.count), "cpu_step_seconds": cpuPerStep,
            "gflops": flops / median / 1e9, "sgemm_fraction": flops / median / 1e9 / sgemm,
            "peak_rss_mib": PeakMemory.peakMiB(), "vocab_size": Double(config.vocabSize),
            "trainable_parameters": Double(trainer.trainableParameterCount),
            "gradient_mib": Double(trainer.gradientByteCount) / mib,
            "optimizer_state_mib": Double(trainer.optimizerStateByteCount) / mib,
            "activation_mib": Double(trainer.activationByteCount) / mib,
            "ranks": Double(World.current.size),
            "allreduce_bytes_per_step": Double(reduceClock.bytes) / Double(steps),
            "allreduce_step_seconds": reduceClock.seconds / Double(steps),
        ]
        return (row, profile ? trainer.profile : nil)
    }

    /// The middle value (mean of the two middle ones for an even count); 0 for none.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
