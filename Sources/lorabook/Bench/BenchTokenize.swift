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

    @Option(help: "Write the measurements as JSON to this file.")
    var json: String?

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
        for _ in 1..<max(1, repeats) {
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
        print("GPT-2 BPE on \(rows) train rows (\(texts.count) texts, \(warm.tokens) tokens); vocabulary load \(String(format: "%.3f", loadSeconds)) s")
        print("cache       seconds      rows/s      tokens/s")
        for (name, result) in [("none", uncached), ("cold", cold), ("warm", warm)] {
            print(name.padding(toLength: 8, withPad: " ", startingAt: 0)
                + String(format: "%10.3f  %10.0f  %12.0f", result.seconds, Double(rows) / result.seconds,
                         Double(result.tokens) / result.seconds))
        }
        print("E2E train split load (CSV, \(split.groups.count) MRs checked, references tokenised): "
            + String(format: "%.3f s; %d examples encoded in %.3f s", splitSeconds, examples.count, examplesSeconds))
        let verdict = reference.map { $0 == digest ? "equal to tiktoken's (test fixture)" : "DIFFERENT from tiktoken's \($0)" }
        print("ids SHA-256 \(digest): \(verdict ?? "no reference fixture found")")
        if let json {
            let report: [String: Any] = [
                "rows": rows, "texts": texts.count, "tokens": warm.tokens, "load_seconds": loadSeconds,
                "uncached_seconds": uncached.seconds, "cold_seconds": cold.seconds, "warm_seconds": warm.seconds,
                "split_load_seconds": splitSeconds, "examples_seconds": examplesSeconds, "ids_sha256": digest, "matches_reference": reference.map { $0 == digest } ?? NSNull(),
            ]
            let data = try JSONSerialization.data(withJSONObject: report, options: [.prettyPrinted, .sortedKeys])
            let url = URL(fileURLWithPath: json)
            let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp")
            try data.write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else {
                FileHandle.standardError.write(Data("error: cannot write \(url.path): \(String(cString: strerror(errno)))\n".utf8))
                throw ExitCode.failure
            }
        }
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
