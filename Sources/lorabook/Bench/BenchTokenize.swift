import ArgumentParser
import DataStore
import E2E
import Foundation
import Tokenizer

/// `lorabook bench tokenize`: how fast the tokenizer encodes the whole E2E training set (MR + reference per row),
/// first with an empty piece cache, then with the cache warm.
struct BenchTokenize: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Time GPT-2 encoding of every E2E training row (MR and reference), cold and warm cache."
    )

    @Option(help: "Data folder (default: $LORABOOK_DATA or ./data).")
    var data: String?

    @Option(help: "Timed passes with a warm cache; the best is reported.")
    var repeats = 3

    @OptionGroup var output: BenchOutput

    func validate() throws {
        if repeats < 1 { throw ValidationError("--repeats \(repeats) must be at least 1") }
    }

    func run() throws {
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let dataDirectory = data.map { URL(fileURLWithPath: $0) } ?? DataLocation.dataDirectory(packageRoot: root)
        let loadStart = DispatchTime.now()
        let tokenizer: GPT2Tokenizer
        let table: CSVTable
        do {
            tokenizer = try GPT2Tokenizer(directory: dataDirectory.appendingPathComponent("gpt2"))
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode.failure
        }
        let loadSeconds = Self.seconds(since: loadStart)
        do {
            table = try CSVTable.read(dataDirectory.appendingPathComponent("e2e/trainset.csv"))
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode.failure
        }
        let texts = table.records.flatMap { $0.map(\.text) }

        func pass(_ tokenizer: GPT2Tokenizer) -> (seconds: Double, tokens: Int) {
            let start = DispatchTime.now()
            var tokens = 0
            for text in texts { tokens += tokenizer.encodeInt32(text).count }
            return (Self.seconds(since: start), tokens)
        }
        let uncached = pass(tokenizer.withFreshCache(capacity: 0))
        let cold = pass(tokenizer)
        var warm = pass(tokenizer)
        for _ in 1..<repeats {
            let again = pass(tokenizer)
            if again.seconds < warm.seconds { warm = again }
        }

        var hasher = SHA256()
        for text in texts {
            hasher.update(Array((tokenizer.encode(text).map(String.init).joined(separator: " ") + "\n").utf8))
        }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        let reference = Self.referenceDigest(packageRoot: root)

        let splitStart = DispatchTime.now()
        let split: E2ESplit
        do {
            split = try E2ESplit.load(.train, dataDirectory: dataDirectory)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode.failure
        }
        let splitSeconds = Self.seconds(since: splitStart)
        let examplesStart = DispatchTime.now()
        let examples = split.examples(tokenizer: tokenizer)
        let examplesSeconds = Self.seconds(since: examplesStart)

        let rows = table.records.count
        let verdict = reference.map { $0 == digest ? "equal to tiktoken's (test fixture)" : "DIFFERENT from tiktoken's \($0)" }
        var record = BenchmarkRecord(benchmark: "tokenize", threads: 1, settings: [
            "input": "e2e/trainset.csv, MR and reference of every row", "repeats": "\(repeats)",
            "timing": "warm: fastest of the repeats", "ids_sha256": digest, "ids_check": verdict ?? "no reference fixture found",
        ])
        var report = TextTable(["cache", "seconds", "rows/s", "tokens/s"])
        for (name, result) in [("none", uncached), ("cold", cold), ("warm", warm)] {
            let values = ["seconds": result.seconds, "items_per_second": Double(rows) / result.seconds,
                          "tokens_per_second": Double(result.tokens) / result.seconds, "tokens": Double(result.tokens)]
            record.add("encode, \(name) cache", values)
            report.add([name, TextTable.number(result.seconds, decimals: 3), TextTable.number(values["items_per_second"]),
                        TextTable.number(values["tokens_per_second"])])
        }
        record.add("vocabulary load", ["seconds": loadSeconds])
        record.add("E2E train split load", ["seconds": splitSeconds, "items_per_second": Double(split.groups.count) / splitSeconds])
        record.add("examples encoding", ["seconds": examplesSeconds, "items_per_second": Double(examples.count) / examplesSeconds,
                                         "peak_rss_mib": PeakMemory.peakMiB()])
        print("GPT-2 BPE on \(rows) train rows (\(texts.count) texts, \(warm.tokens) tokens); vocabulary load \(String(format: "%.3f", loadSeconds)) s")
        print(report.rendered)
        print("E2E train split load (CSV, \(split.groups.count) MRs checked, references tokenised): "
            + String(format: "%.3f s; %d examples encoded in %.3f s; peak RSS %.0f MiB", splitSeconds, examples.count,
                     examplesSeconds, PeakMemory.peakMiB()))
        print("ids SHA-256 \(digest): \(verdict ?? "no reference fixture found")")
        try output.write(record)
    }

    /// tiktoken's digest of the same ids, from the tokenizer test fixture (tools/make_tokenizer_fixtures.py).
    private static func referenceDigest(packageRoot: URL) -> String? {
        let url = packageRoot.appendingPathComponent("Tests/TokenizerTests/Fixtures/hard_strings.json")
        guard let data = try? Data(contentsOf: url),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let train = object["trainset"] as? [String: Any] else { return nil }
        return train["sha256"] as? String
    }

    private static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
