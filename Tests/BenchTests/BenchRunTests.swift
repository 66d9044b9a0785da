import Foundation
import GPT2
import Testing
@testable import lorabook

/// Tiny end-to-end runs: the records carry the rows and figures the comparison reads (never their speed).
@Suite struct BenchRunTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-run-\(UUID())")

    func record(_ name: String) throws -> BenchmarkRecord {
        try JSONDecoder().decode(BenchmarkRecord.self, from: Data(contentsOf: directory.appendingPathComponent("\(name).json")))
    }

    @Test func trainWritesARowPerModelAndMethodWithRateMemoryAndSgemmShare() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let threads = BLASThreads.count
        let command = try BenchTrain.parse(["--models", "1x32", "--vocab", "64", "--batch", "2", "--length", "8",
                                            "--warmup", "0", "--steps", "1", "--threads", "\(threads)",
                                            "--results", directory.path])
        try command.run()
        let train = try record("train")
        #expect(train.benchmark == "train")
        #expect(train.threads == threads)
        #expect(train.settings["vocab"] == "64")
        #expect(train.rows.map(\.name) == ["sgemm 16x768x3072", "1x32 v64 full", "1x32 v64 lora"])
        for name in ["1x32 v64 full", "1x32 v64 lora"] {
            let values = try #require(train.row(named: name)?.values)
            for key in ["tokens_per_second", "step_seconds", "gflops", "sgemm_fraction", "peak_rss_mib", "trainable_parameters"] {
                #expect((values[key] ?? 0) > 0, "\(name): \(key)")
            }
            #expect(values["vocab_size"] == 64)
        }
        // LoRA r 4 on q and v of one 32-wide layer trains 2 x (4 x 32 + 32 x 4) values.
        #expect(train.row(named: "1x32 v64 lora")?.values["trainable_parameters"] == 512)
    }

    @Test func decodeWritesGreedyAndBeamRowsBothWaysWithTheirFLOPRate() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let command = try BenchDecode.parse(["--models", "1x32", "--vocab", "64", "--prompts", "2", "--prompt-length", "4",
                                             "--new", "3", "--beam", "2", "--threads", "\(BLASThreads.count)", "--results", directory.path,
                                             "--name", "tiny-decode"])
        try command.run()
        let decode = try record("tiny-decode")
        #expect(decode.benchmark == "decode")
        let names = ["1x32 v64 greedy, one prompt", "1x32 v64 greedy, prompts batched", "1x32 v64 beam 2, one prompt",
                     "1x32 v64 beam 2, prompts batched"]
        #expect(decode.rows.map(\.name) == ["sgemm 1024x768x3072"] + names)
        for name in names {
            let values = try #require(decode.row(named: name)?.values)
            for key in ["tokens_per_second", "gflops", "sgemm_fraction", "peak_rss_mib"] {
                #expect((values[key] ?? 0) > 0, "\(name): \(key)")
            }
        }
        #expect(decode.row(named: "1x32 v64 beam 2, prompts batched")?.values["rows"] == 4)
    }
}
