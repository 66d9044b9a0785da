import Foundation
import Runner
import AtomicWrite

/// One benchmark's results with the facts needed to compare runs: machine, threads, commit, date, the settings
/// it ran with, and rows of named numbers. Every `lorabook bench` subcommand and `bench/torch_reference.py`
/// write this one shape to `bench/results/NAME.json`.
struct BenchmarkRecord: Codable, Equatable {
    struct Row: Codable, Equatable {
        var name: String
        var values: [String: Double]
    }

    var benchmark: String
    var rows: [Row] = []
    /// The options the benchmark ran with (`models`, `batch`, ...), as typed.
    var settings: [String: String] = [:]
    var threads: Int
    var machine: String = RunFacts.cpuModel()
    var cores: Int = ProcessInfo.processInfo.activeProcessorCount
    var commit: String = RunFacts.gitCommit()
    var date: String = ISO8601DateFormatter().string(from: Date())

    init(benchmark: String, threads: Int, settings: [String: String] = [:]) {
        self.benchmark = benchmark
        self.threads = threads
        self.settings = settings
    }

    /// Adds a row; values that are not finite (a figure this machine could not measure) are left out,
    /// since JSON has no NaN.
    mutating func add(_ name: String, _ values: [String: Double]) {
        rows.append(Row(name: name, values: values.filter { $0.value.isFinite }))
    }

    /// The row named `name`, if any.
    func row(named name: String) -> Row? { rows.first { $0.name == name } }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Writes `DIRECTORY/NAME.json` atomically (NAME defaults to the benchmark's name) and returns its path.
    @discardableResult
    func write(directory: URL, name: String? = nil) throws -> URL {
        let url = directory.appendingPathComponent("\(name ?? benchmark).json")
        try AtomicWrite.write(try encoded(), to: url)
        return url
    }
}
