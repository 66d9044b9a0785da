import ArgumentParser
import DataStore
import Foundation
import Metrics

/// `bench score`: times the E2E scorer's n-gram metrics on the 630 test MRs, phase by phase.
struct BenchScore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Time BLEU, NIST, METEOR, ROUGE-L and CIDEr (with their tokenisers) on the E2E test set."
    )

    @Option(help: "Data folder (default: $LORABOOK_DATA or ./data).")
    var data: String?

    @Option(help: "Timed repetitions; the table shows the fastest.")
    var repeats = 3

    @Option(help: "Also time all five metrics together on this many outputs streamed (the test items cycled, each with its references), with the peak memory; e.g. 20000.")
    var outputs: Int?

    @OptionGroup var output: BenchOutput

    func validate() throws {
        if repeats < 1 { throw ValidationError("--repeats \(repeats) must be at least 1") }
        if let outputs, outputs < 1 { throw ValidationError("--outputs \(outputs) must be at least 1") }
    }

    func run() throws {
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let dataDirectory = data.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? DataLocation.dataDirectory(packageRoot: root)
        let csv = dataDirectory.appendingPathComponent("e2e/testset_w_refs.csv")
        let loadStart = Date()
        let references: [[String]]
        do {
            references = try E2EReferenceCSV.referenceGroups(contentsOf: csv)
        } catch let error as MetricsError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode.failure
        }
        let loadSeconds = Date().timeIntervalSince(loadStart)
        // Outputs that look like a system's: alternately the item's last reference and another item's first.
        let predictions = references.indices.map { i in
            i % 2 == 1 ? references[i][references[i].count - 1] : references[(i + 7) % references.count][0]
        }

        let meteorStart = Date()
        let meteor = try ScoreCommand.meteorScorer(dataDirectory: dataDirectory)
        let meteorLoadSeconds = Date().timeIntervalSince(meteorStart)

        var best: [String: Double] = ["METEOR data load (once)": meteorLoadSeconds]
        var scores = E2EScores(bleu: 0, nist: 0, meteor: nil, rougeL: 0, cider: 0)
        func time(_ name: String, _ body: () throws -> Void) rethrows {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            best[name] = min(best[name] ?? .infinity, seconds)
        }
        for _ in 0..<repeats {
            var cocoPredictions: [String] = []
            var cocoReferences: [[String]] = []
            time("BLEU + NIST (mteval tokens)") { _ = E2EScorer.mtevalScores(predictions: predictions, references: references) }
            time("coco tokenisation (PTB)") {
                cocoPredictions = CocoTokenizer().tokenize(predictions)
                let flat = CocoTokenizer().tokenize(references.flatMap { $0 })
                var offset = 0
                cocoReferences = references.map { group in
                    defer { offset += group.count }
                    return Array(flat[offset..<(offset + group.count)])
                }
            }
            time("ROUGE-L") { _ = ROUGEL().corpusScore(candidates: cocoPredictions, references: cocoReferences) }
            time("CIDEr") { _ = CIDEr().corpusScore(candidates: cocoPredictions, references: cocoReferences) }
            try time("METEOR") { _ = try meteor.corpusScore(hypotheses: cocoPredictions, references: cocoReferences) }
            try time("E2EScorer.score (all five)") {
                scores = try E2EScorer(meteor: meteor).score(predictions: predictions, references: references)
            }
        }
        let order = ["METEOR data load (once)", "BLEU + NIST (mteval tokens)", "coco tokenisation (PTB)", "ROUGE-L", "CIDEr",
                     "METEOR", "E2EScorer.score (all five)"]
        let referenceCount = references.reduce(0) { $0 + $1.count }
        var record = BenchmarkRecord(benchmark: "score", threads: 1, settings: [
            "items": "\(predictions.count)", "references": "\(referenceCount)", "repeats": "\(repeats)",
            "timing": "fastest of the repeats", "predictions": "alternately the item's last reference and another item's first",
        ])
        var table = TextTable(["phase", "seconds", "items/s"])
        record.add("load CSV", ["seconds": loadSeconds])
        table.add(["load CSV", TextTable.number(loadSeconds, decimals: 3), "-"])
        for name in order {
            let seconds = best[name] ?? .nan
            let perItem = name.hasPrefix("METEOR data") ? Double.nan : Double(predictions.count) / seconds
            record.add(name, ["seconds": seconds, "items_per_second": perItem])
            table.add([name, TextTable.number(seconds, decimals: 3), TextTable.number(perItem)])
        }
        let testSetPeak = PeakMemory.peakMiB()
        if let outputs {
            // Its own peak: the scale run's memory is what bounds (or fails to bound) a large scoring job.
            _ = PeakMemory.reset()
            // Streamed: the items are made as the scorer reads them, so the peak is the scorer's own.
            let count = predictions.count
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try E2EStreamScorer(meteor: meteor).score(items: {
                (0..<outputs).lazy.map { E2EItem(prediction: predictions[$0 % count], references: references[$0 % count]) }
            })
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let name = "E2EScorer.score (all five), \(outputs) outputs"
            let peak = PeakMemory.peakMiB()
            record.add(name, ["seconds": seconds, "items_per_second": Double(outputs) / seconds, "peak_rss_mib": peak])
            table.add([name, TextTable.number(seconds, decimals: 3), TextTable.number(Double(outputs) / seconds)])
            table.add(["  its peak RSS MiB (streamed)", TextTable.number(peak), "-"])
        }
        record.add("scores", ["bleu": scores.bleu, "nist": scores.nist, "meteor": scores.meteor ?? .nan,
                              "rouge_l": scores.rougeL, "cider": scores.cider, "peak_rss_mib": testSetPeak])
        print("E2E scorer, \(predictions.count) outputs, \(referenceCount) references (fastest of \(repeats))")
        print(table.rendered)
        print(String(format: "BLEU %.4f  NIST %.4f  ROUGE_L %.4f  CIDEr %.4f  peak RSS %.0f MiB", scores.bleu, scores.nist,
                     scores.rougeL, scores.cider, testSetPeak))
        try output.write(record)
    }
}
