import DataStore
import Foundation
import Metrics
import Report
import Runner
import Script
import E2E
import SeededRandom

/// The five E2E metrics of one system's outputs, computed as the official scorer does.
public final class ScoresObject: ReportableObject, PersistableObject {
    let scores: E2EScores
    public let fingerprint: String

    init(scores: E2EScores, fingerprint: String) {
        self.scores = scores
        self.fingerprint = fingerprint
    }

    var named: [(String, Double)] {
        [("bleu", scores.bleu), ("nist", scores.nist), ("meteor", scores.meteor ?? .nan), ("rougeL", scores.rougeL),
         ("cider", scores.cider)]
    }

    public var typeName: String { "Scores" }
    public var memberNames: [String] { named.map(\.0) }

    public func member(_ name: String) throws -> Value? {
        named.first { $0.0 == name }.map { .double($0.1) }
    }

    public var summary: String {
        String(format: "BLEU %.4f  NIST %.4f  METEOR %.4f  ROUGE-L %.4f  CIDEr %.4f", scores.bleu, scores.nist,
               scores.meteor ?? .nan, scores.rougeL, scores.cider)
    }

    public var reportOutputs: [CellOutput] {
        [.table(ReportTable(caption: "E2E metrics", columns: [TableColumn("metric"), TableColumn("score", decimals: 4)],
                            rows: [("BLEU", scores.bleu), ("NIST", scores.nist), ("METEOR", scores.meteor ?? .nan),
                                   ("ROUGE-L", scores.rougeL), ("CIDEr", scores.cider)].map { [.text($0.0), .number($0.1)] }))]
    }

    public func resultEntries(key: String) -> [ResultEntry] {
        named.map { ResultEntry(key: "\(key).\($0.0)", kind: .score, number: $0.1) }
    }

    public func persist(to directory: URL) throws {
        try JSONEncoder().encode(scores).write(to: directory.appendingPathComponent("scores.json"))
        try Data(fingerprint.utf8).write(to: directory.appendingPathComponent("fingerprint"))
    }

    static let restorer: ObjectRestorer = { directory in
        ScoresObject(scores: try JSONDecoder().decode(E2EScores.self, from: Data(contentsOf: directory.appendingPathComponent("scores.json"))),
                     fingerprint: String(decoding: try Data(contentsOf: directory.appendingPathComponent("fingerprint")), as: UTF8.self))
    }

    /// `evaluate(_ generations:, on dataset:, references:)`: BLEU, NIST, METEOR, ROUGE-L, CIDEr against every
    /// reference of each MR. `references: "tokenized"` (the default) scores against the references as the LoRA
    /// repository's data files write them (punctuation split off, `it 's`), which is what the models learn to
    /// write and what the paper scored; `"original"` against the CSV's text as written. Under mpirun
    /// (`environment.sharding`), each rank computes the per-MR statistics of a contiguous share of the MRs, and every
    /// rank sums all of them in MR order: the scores of one process, bit for bit.
    static func builtin(_ environment: NotebookEnvironment) -> Builtin {
        Builtin("evaluate",
                parameters: [.unlabeled("generations", .object("Generations")), Parameter("on", .object("Dataset")),
                             Parameter("references", .string, default: .string("tokenized"))],
                summary: "Scores generations against the dataset's references with the five E2E metrics.") { arguments, context in
            let generations = try arguments.object("generations", as: GenerationsObject.self)
            let dataset = try arguments.object("on", as: DatasetObject.self)
            let references: [[String]]
            switch try arguments.string("references") {
            case "tokenized": references = dataset.split.groups.map(\.references)
            case "original": references = dataset.split.groups.map(\.rawReferences)
            case let other:
                throw NotebookAPIError("evaluate(references:) is \"tokenized\" or \"original\", not \"\(other)\"")
            }
            guard references.count == generations.outputs.count else {
                throw NotebookAPIError("evaluate: \(generations.outputs.count) generations for \(references.count) MRs")
            }
            // Under mpirun each rank scores a share of the MRs (the scores stay those of one process, bit for bit).
            let sharing = environment.sharding.map { sharding in
                sharding.scoring { share, items in
                    context.reportProgress("scored " + sharding.describe(share, of: items, unit: "MRs"), fraction: 1)
                }
            }
            let scores = try E2EScorer(meteor: try environment.meteor())
                .score(predictions: generations.outputs, references: references, sharing: sharing)
            var key = CacheKey()
            key.add("evaluate", generations.fingerprint)
            key.add("dataset", dataset.fingerprint)
            key.add("references", try arguments.string("references"))
            return .object(ScoresObject(scores: scores, fingerprint: key.digest))
        }
    }
}

/// `samples(_ dataset:, outputs:, count:, seed:)`: a few MRs with each system's text, for the report.
final class SamplesObject: ReportableObject {
    let samples: [Sample]
    init(samples: [Sample]) { self.samples = samples }
    var typeName: String { "Samples" }
    var memberNames: [String] { ["count"] }
    func member(_ name: String) throws -> Value? { name == "count" ? .int(samples.count) : nil }
    var fingerprint: String { SHA256.hex(of: Array(samples.map { $0.label + "\u{1}" + $0.text }.joined(separator: "\u{2}").utf8)) }
    var reportOutputs: [CellOutput] { [.samples(samples)] }

    static let builtin = Builtin(
        "samples",
        parameters: [.unlabeled("dataset", .object("Dataset")), Parameter("outputs", .dictionary(key: .string, value: .object("Generations"))),
                     Parameter("count", .int, default: .int(5)), Parameter("seed", .int, default: .int(110))],
        summary: "Shows a few MRs, a reference, and each system's output."
    ) { arguments, _ in
        let dataset = try arguments.object("dataset", as: DatasetObject.self)
        guard case .dictionary(let systems)? = arguments["outputs"] else { throw NotebookAPIError("samples(outputs:) needs a dictionary") }
        let groups = dataset.split.groups
        var generator = SplitMix64(seed: UInt64(truncatingIfNeeded: try arguments.int("seed")))
        let picks = Array(groups.indices.shuffled(using: &generator).prefix(max(0, try arguments.int("count")))).sorted()
        var samples: [Sample] = []
        for index in picks {
            samples.append(Sample(label: "MR", text: groups[index].mr.loraText))
            samples.append(Sample(label: "a reference", text: groups[index].rawReferences.first ?? ""))
            for (name, value) in systems.pairs {
                guard case .object(let object) = value, let generations = object as? GenerationsObject,
                      index < generations.outputs.count else { continue }
                samples.append(Sample(label: name.description, text: generations.outputs[index]))
            }
        }
        return .object(SamplesObject(samples: samples))
    }
}
