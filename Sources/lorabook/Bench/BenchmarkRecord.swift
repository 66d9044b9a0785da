import Foundation
import Runner

/// One benchmark's results with the facts needed to compare runs: machine, threads, commit, date.
/// Written to `bench/results/NAME.json` by every `lorabook bench` subcommand.
struct BenchmarkRecord: Encodable {
    struct Row: Encodable {
        var name: String
        var values: [String: Double]
    }

    var benchmark: String
    var rows: [Row] = []
    var threads: Int
    var machine: String = BenchmarkRecord.cpuModel()
    var cores: Int = ProcessInfo.processInfo.activeProcessorCount
    var commit: String = BenchmarkRecord.gitCommit()
    var date: String = ISO8601DateFormatter().string(from: Date())

    init(benchmark: String, threads: Int) {
        self.benchmark = benchmark
        self.threads = threads
    }

    mutating func add(_ name: String, _ values: [String: Double]) {
        rows.append(Row(name: name, values: values))
    }

    /// Writes `bench/results/<benchmark>.json` atomically and returns its path.
    @discardableResult
    func write(directory: URL = URL(fileURLWithPath: "bench/results")) throws -> URL {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let url = directory.appendingPathComponent("\(benchmark).json")
        try AtomicFile.write(try encoder.encode(self), to: url)
        return url
    }

    static func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        let line = text.split(separator: "\n").first { $0.hasPrefix("model name") }
        return line.map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown" }
            ?? "unknown"
    }

    static func gitCommit() -> String {
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        git.arguments = ["git", "rev-parse", "--short", "HEAD"]
        let pipe = Pipe()
        git.standardOutput = pipe
        git.standardError = FileHandle.nullDevice
        guard (try? git.run()) != nil else { return "unknown" }
        git.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return git.terminationStatus == 0 ? output.trimmingCharacters(in: .whitespacesAndNewlines) : "unknown"
    }

    /// Peak resident memory of this process so far (VmHWM), in MiB.
    static func peakResidentMiB() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kib = Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return .nan }
        return kib / 1024
    }
}
