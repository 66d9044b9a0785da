import Foundation
import Testing
@testable import lorabook

@Suite struct BenchmarkRecordTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-record-\(UUID())")

    func sample() -> BenchmarkRecord {
        var record = BenchmarkRecord(benchmark: "train", threads: 2, settings: ["models": "micro", "batch": "8"])
        record.add("micro full", ["tokens_per_second": 1055.5, "peak_rss_mib": 685, "sgemm_fraction": 0.83])
        record.add("sgemm 1024x768x3072", ["gflops": 131.25])
        return record
    }

    @Test func aRecordDecodesBackToTheSameValues() throws {
        let record = sample()
        let decoded = try JSONDecoder().decode(BenchmarkRecord.self, from: try record.encoded())
        #expect(decoded == record)
        #expect(decoded.row(named: "micro full")?.values["tokens_per_second"] == 1055.5)
    }

    @Test func theJSONHoldsTheRunFactsAndNamedRows() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: try sample().encoded()) as? [String: Any])
        #expect(Set(object.keys) == ["benchmark", "rows", "settings", "threads", "machine", "cores", "commit", "date"])
        #expect(object["benchmark"] as? String == "train")
        #expect(object["threads"] as? Int == 2)
        #expect((object["cores"] as? Int ?? 0) >= 1)
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.map { $0["name"] as? String } == ["micro full", "sgemm 1024x768x3072"])
        let values = try #require(rows.first?["values"] as? [String: Double])
        #expect(values == ["tokens_per_second": 1055.5, "peak_rss_mib": 685, "sgemm_fraction": 0.83])
    }

    @Test func valuesThatAreNotFiniteAreLeftOutSoTheRecordStillEncodes() throws {
        var record = BenchmarkRecord(benchmark: "score", threads: 1)
        record.add("phase", ["seconds": 0.5, "items_per_second": .nan, "peak_rss_mib": .infinity])
        #expect(record.rows[0].values == ["seconds": 0.5])
        let decoded = try JSONDecoder().decode(BenchmarkRecord.self, from: try record.encoded())
        #expect(decoded == record)
    }

    @Test func writingPutsTheRecordAtDirectorySlashNameDotJSONAndLeavesNothingElse() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let record = sample()
        let byBenchmark = try record.write(directory: directory)
        let byName = try record.write(directory: directory, name: "train-notebook")
        #expect(byBenchmark.lastPathComponent == "train.json")
        #expect(byName.lastPathComponent == "train-notebook.json")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["train-notebook.json", "train.json"])
        #expect(try JSONDecoder().decode(BenchmarkRecord.self, from: Data(contentsOf: byName)) == record)
    }
}
