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

    @Option(help: "Where to write the JSON results.")
    var output = "bench/results/score.json"

    struct Phase: Codable {
        var name: String
        var seconds: Double
    }

    struct Result: Codable {
        var items: Int
        var references: Int
        var loadSeconds: Double
        var phases: [Phase]
        var scores: E2EScores
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
        for _ in 0..<max(repeats, 1) {
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
        let phases = order.map { Phase(name: $0, seconds: best[$0] ?? 0) }
        print("E2E scorer, \(predictions.count) outputs, \(references.reduce(0) { $0 + $1.count }) references (fastest of \(max(repeats, 1)))")
        print("load CSV".padding(toLength: 30, withPad: " ", startingAt: 0) + String(format: "%8.3f s", loadSeconds))
        for phase in phases {
            print(phase.name.padding(toLength: 30, withPad: " ", startingAt: 0) + String(format: "%8.3f s", phase.seconds))
        }
        print(String(format: "BLEU %.4f  NIST %.4f  ROUGE_L %.4f  CIDEr %.4f", scores.bleu, scores.nist, scores.rougeL, scores.cider))

        let result = Result(items: predictions.count, references: references.reduce(0) { $0 + $1.count },
                            loadSeconds: loadSeconds, phases: phases, scores: scores)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let url = URL(fileURLWithPath: output)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp")
        try encoder.encode(result).write(to: temporary)
        guard rename(temporary.path, url.path) == 0 else {
            throw ValidationError("\(output): cannot write the results (rename failed)")
        }
        print("wrote \(output)")
    }
}
