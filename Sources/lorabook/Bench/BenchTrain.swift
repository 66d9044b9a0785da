import ArgumentParser
import Foundation
import GPT2

/// Training throughput (forward + backward + AdamW) for full fine-tuning and LoRA on random-init models,
/// against PyTorch's rates measured on this machine (REFERENCE.md section 6).
struct BenchTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Measure training tokens/s, achieved GFLOP/s against sgemm, and peak memory."
    )

    @Option(help: "Comma-separated model presets (micro, gpt2, gpt2-medium) or shapes LAYERSxWIDTH (4x128, heads = width / 32).")
    var models = "micro,gpt2"

    @Option(help: "Vocabulary size (default: GPT-2's 50257); the notebook's micro default maps E2E text to about 3,100 ids.")
    var vocab: Int?

    @Option(help: "Comma-separated training methods (full, lora).")
    var methods = "full,lora"

    @Option(help: "Sequences per step.")
    var batch = 8

    @Option(help: "Tokens per sequence.")
    var length = 128

    @Option(help: "Timed steps per row, after one untimed warm-up step.")
    var steps = 3

    @Option(help: "OpenBLAS threads.")
    var threads = 2

    @Option(help: "Also write the rows as JSON to this file.")
    var json: String?

    /// PyTorch 2.x CPU, 2 threads, seq 128, batch 8 (tok/s): full, LoRA.
    static let pytorch: [String: (full: Double, lora: Double)] = ["micro": (1_128, 1_565), "gpt2": (190, 278)]

    struct Row: Codable {
        var model: String, method: String, tokensPerSecond: Double, pytorchTokensPerSecond: Double?
        var secondsPerStep: Double, cpuSecondsPerStep: Double, gflops: Double, sgemmFraction: Double, peakRSSMiB: Double
        var trainableParameters: Int, gradientMiB: Double, optimizerStateMiB: Double, activationMiB: Double
    }

    func run() throws {
        BLASThreads.set(threads)
        let cpuBefore = Self.processCPUSeconds()
        let sgemm = MatrixProductRate.measure(m: batch * length, n: 3072, k: 768, repetitions: 20)
        let sgemmCPU = 2 * Double(batch * length) * 3072 * 768 * 21 / (Self.processCPUSeconds() - cpuBefore) / 1e9
        print(String(format: "sgemm [%d x 768] x [768 x 3072], %d threads: %.1f GFLOP/s (%.1f per CPU-second)",
                     batch * length, threads, sgemm, sgemmCPU))
        print("model   method  tok/s    PyTorch  ratio  s/step  cpu s/step  GFLOP/s  of sgemm  per CPU-s  peak RSS  grads+Adam MiB  activations MiB")
        var rows: [Row] = []
        for name in models.split(separator: ",").map(String.init) {
            guard var config = GPT2Config.preset(named: name) ?? Self.shape(name) else {
                throw ValidationError("unknown model '\(name)': a preset (micro, gpt2, gpt2-medium, gpt2-large) or LAYERSxWIDTH")
            }
            config.nPositions = max(config.nPositions, length)
            if let vocab { config.vocabSize = vocab }
            let model = try GPT2Model(config: config, seed: 1)
            let known: [(String, TrainingMethod)] = [("full", .full), ("lora", .lora(LoRAOptions(rank: 4, alpha: 32)))]
            let chosen = methods.split(separator: ",").map(String.init)
            if let unknown = chosen.first(where: { name in !known.contains { $0.0 == name } }) {
                throw ValidationError("unknown training method '\(unknown)' (full, lora)")
            }
            for (label, method) in known where chosen.contains(label) {
                let row = try measure(name: name, config: config, model: model, label: label, method: method, sgemm: sgemm)
                rows.append(row)
                let reference = row.pytorchTokensPerSecond
                print(String(format: "%-7@ %-6@ %7.0f  %7@  %5@  %6.2f  %10.2f  %7.1f  %7.0f%%  %8.0f%%  %6.0f MiB  %14.2f  %15.0f",
                             name as NSString, label as NSString, row.tokensPerSecond,
                             (reference.map { String(format: "%.0f", $0) } ?? "-") as NSString,
                             (reference.map { String(format: "%.2fx", row.tokensPerSecond / $0) } ?? "-") as NSString,
                             row.secondsPerStep, row.cpuSecondsPerStep, row.gflops, 100 * row.sgemmFraction,
                             100 * row.gflops * row.secondsPerStep / row.cpuSecondsPerStep / sgemmCPU, row.peakRSSMiB,
                             row.gradientMiB + row.optimizerStateMiB, row.activationMiB))
            }
        }
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let url = URL(fileURLWithPath: json)
            let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp")
            try encoder.encode(rows).write(to: temporary)
            if FileManager.default.fileExists(atPath: url.path) {
                _ = try FileManager.default.replaceItemAt(url, withItemAt: temporary)
            } else {
                try FileManager.default.moveItem(at: temporary, to: url)
            }
        }
    }

    private func measure(name: String, config: GPT2Config, model: GPT2Model, label: String, method: TrainingMethod,
                         sgemm: Double) throws -> Row {
        var generator = SeededGenerator(seed: 7)
        let count = batch * length
        let inputs = (0..<count).map { _ in Int32(generator.next() % UInt64(config.vocabSize)) }
        let targets = (0..<count).map { _ in Int32(generator.next() % UInt64(config.vocabSize)) }
        let data = try Batch(inputs: inputs, targets: targets, lossMask: Array(repeating: 1, count: count),
                             batchSize: batch, sequenceLength: length)
        var trainer = try Trainer(model: model, method: method, schedule: .constant(1e-4), seed: 1, labelSmoothing: 0.1)
        _ = try trainer.step(batches: [data])
        var seconds = 0.0
        let cpuStart = Self.processCPUSeconds()
        for _ in 0..<steps { seconds += try trainer.step(batches: [data]).seconds }
        let cpuPerStep = (Self.processCPUSeconds() - cpuStart) / Double(max(steps, 1))
        let perStep = seconds / Double(max(steps, 1))
        let flops = FlopCount.trainingStep(config: config, batchSize: batch, length: length, method: method)
        let mib = 1024.0 * 1024.0
        let reference = vocab == nil ? Self.pytorch[name].map { label == "full" ? $0.full : $0.lora } : nil
        return Row(model: name, method: label, tokensPerSecond: Double(count) / perStep, pytorchTokensPerSecond: reference,
                   secondsPerStep: perStep, cpuSecondsPerStep: cpuPerStep, gflops: flops / perStep / 1e9, sgemmFraction: flops / perStep / 1e9 / sgemm,
                   peakRSSMiB: Self.peakResidentMiB(), trainableParameters: trainer.trainableParameterCount,
                   gradientMiB: Double(trainer.gradientByteCount) / mib,
                   optimizerStateMiB: Double(trainer.optimizerStateByteCount) / mib,
                   activationMiB: Double(trainer.activationByteCount) / mib)
    }

    /// `4x128`: a GPT-2 shape with that many layers and that width, one head per 32 channels.
    static func shape(_ text: String) -> GPT2Config? {
        let parts = text.split(separator: "x")
        guard parts.count == 2, let layers = Int(parts[0]), let width = Int(parts[1]), layers > 0, width >= 32,
              width % 32 == 0 else { return nil }
        return GPT2Config(nLayer: layers, nHead: width / 32, nEmbd: width, nPositions: 128)
    }

    /// User plus system CPU time of every thread so far: with other jobs on the machine, CPU seconds per step
    /// divided by the thread count estimates the wall time of an idle machine.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6
    }

    /// VmHWM from /proc/self/status: the process's peak resident set so far.
    static func peakResidentMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return 0 }
        return kilobytes / 1024
    }
}
