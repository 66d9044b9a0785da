import ArgumentParser
import DataStore
import Foundation
import Metrics
import NotebookAPI

/// `lorabook score`: the E2E challenge scorer (`measure_scores.py -p`) on a references and a predictions file.
/// Under `mpirun -np N` (every rank reading the same files), the per-output work is shared out among the ranks.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score predictions against E2E references with BLEU, NIST, METEOR, ROUGE-L and CIDEr."
    )

    @Option(help: "References: one a line, groups separated by blank lines; or an E2E CSV (mr,ref).")
    var refs: String

    @Option(help: "Predictions: one a line, in the order of the reference groups.")
    var preds: String

    @Flag(help: "Print the scores as JSON.")
    var json = false

    @Option(help: "Data folder holding METEOR's data (default: $LORABOOK_DATA or ./data).")
    var data: String?

    func run() throws {
        let scores: E2EScores
        do {
            // Both files are read as streams (twice, by the scorer's two passes); a first full reading checks
            // them before METEOR's data loads, so bad input fails at once.
            let files = try E2EScoreFileSource(referencesPath: refs, predictionsPath: preds)
            _ = try files.check()
            let scorer = E2EStreamScorer(meteor: try Self.meteorScorer(dataDirectory: dataDirectory))
            scores = try scorer.score(source: files.items, referencesFile: refs, sharing: Self.sharing)
        } catch let error as MetricsError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode.failure
        } catch let error as METEORError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode.failure
        }
        RunWorld.say(json ? try Self.json(scores) : Self.table(scores))
    }

    /// Under mpirun: each rank scores a contiguous share of the outputs and all get every output's statistics back
    /// (the scores of one process, bit for bit); rank 0 names its share on stderr and prints the scores.
    private static var sharing: E2EScoreSharing? {
        RunWorld.sharding.map { sharding in
            sharding.scoring { share, items in
                guard sharding.rank == 0 else { return }
                FileHandle.standardError.write(Data("score: scored \(sharding.describe(share, of: items, unit: "outputs"))\n".utf8))
            }
        }
    }

    private var dataDirectory: URL {
        data.map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? DataLocation.dataDirectory(packageRoot: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    }

    /// The METEOR seam: returns the METEOR scorer built from `dataDirectory/meteor` once the METEOR module is
    /// connected here; until then there is none and the command says so.
    /// METEOR 1.5 from the provisioned `meteor/` data, with the paraphrase index `lorabook data` builds.
    static func meteorScorer(dataDirectory: URL) throws -> METEOR {
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        return try METEOR(dataDirectory: dataDirectory.appendingPathComponent("meteor"),
                          paraphraseIndex: METEOR.defaultParaphraseIndex(packageRoot: root))
    }

    /// The scorer's own layout: four decimals, BLEU as a fraction.
    static func table(_ scores: E2EScores) -> String {
        let meteor = scores.meteor.map { String(format: "%.4f", $0) } ?? "not computed"
        return """
        SCORES:
        ==============
        BLEU: \(String(format: "%.4f", scores.bleu))
        NIST: \(String(format: "%.4f", scores.nist))
        METEOR: \(meteor)
        ROUGE_L: \(String(format: "%.4f", scores.rougeL))
        CIDEr: \(String(format: "%.4f", scores.cider))
        """
    }

    static func json(_ scores: E2EScores) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        var object = try JSONSerialization.jsonObject(with: encoder.encode(scores)) as? [String: Any] ?? [:]
        if scores.meteor == nil { object["meteor"] = NSNull() }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
