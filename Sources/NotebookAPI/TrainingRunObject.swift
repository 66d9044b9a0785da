import DataStore
import Foundation
import GPT2
import Report
import Runner
import Script

/// The outcome of `pretrain` or `finetune`: the trained model, its loss curves and what the run cost.
public final class TrainingRunObject: ReportableObject, PersistableObject {
    struct Facts: Codable {
        var method: String
        var steps: Int
        var tokens: Int
        /// Wall time of the whole call, validation included.
        var seconds: Double
        /// Wall time of the training steps alone: what tokens/s is computed from.
        var trainingSeconds: Double
        var trainableParameters: Int
        var totalParameters: Int
        var peakMemoryMiB: Double
        /// Batches in one pass over the training examples (fine-tuning only).
        var batchesPerEpoch: Int?
    }

    public let model: ModelObject
    public let trainLoss: SeriesObject
    public let validLoss: SeriesObject
    let facts: Facts

    init(model: ModelObject, trainLoss: SeriesObject, validLoss: SeriesObject, facts: Facts) {
        self.model = model
        self.trainLoss = trainLoss
        self.validLoss = validLoss
        self.facts = facts
    }

    var trainablePercent: Double { 100 * Double(facts.trainableParameters) / Double(max(facts.totalParameters, 1)) }
    var tokensPerSecond: Double { facts.trainingSeconds > 0 ? Double(facts.tokens) / facts.trainingSeconds : 0 }
    /// Passes over the training examples the steps made (fine-tuning); nil for pretraining.
    var epochs: Double? { facts.batchesPerEpoch.map { Double(facts.steps) / Double(max($0, 1)) } }

    public var typeName: String { "TrainingRun" }
    public var memberNames: [String] {
        ["model", "trainLoss", "validLoss", "steps", "epochs", "batchesPerEpoch", "tokens", "seconds", "trainingSeconds", "tokensPerSecond", "trainableParameters",
         "totalParameters", "trainablePercent", "peakMemoryMiB", "summary"]
    }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "model": return .object(model)
        case "trainLoss": return .object(trainLoss)
        case "validLoss": return .object(validLoss)
        case "steps": return .int(facts.steps)
        case "epochs": return epochs.map(Value.double) ?? .null
        case "batchesPerEpoch": return facts.batchesPerEpoch.map(Value.int) ?? .null
        case "tokens": return .int(facts.tokens)
        case "seconds": return .double(facts.seconds)
        case "trainingSeconds": return .double(facts.trainingSeconds)
        case "tokensPerSecond": return .double(tokensPerSecond)
        case "trainableParameters": return .int(facts.trainableParameters)
        case "totalParameters": return .int(facts.totalParameters)
        case "trainablePercent": return .double(trainablePercent)
        case "peakMemoryMiB": return .double(facts.peakMemoryMiB)
        case "summary":
            return .dictionary(ScriptDictionary([
                (key: .string("method"), value: .string(facts.method)),
                (key: .string("steps"), value: .int(facts.steps)),
                (key: .string("trainable parameters"), value: .int(facts.trainableParameters)),
                (key: .string("trainable %"), value: .double(trainablePercent)),
                (key: .string("final train loss"), value: trainLoss.y.last.map(Value.double) ?? .null),
                (key: .string("final validation loss"), value: validLoss.y.last.map(Value.double) ?? .null),
                (key: .string("tokens/s"), value: .double(tokensPerSecond)),
                (key: .string("minutes"), value: .double(facts.seconds / 60)),
            ]))
        default: return nil
        }
    }

    public var fingerprint: String { model.fingerprint }

    public var summary: String {
        String(format: "%@: %d steps, train loss %.4f, validation loss %.4f, %.0f tok/s, %.1f min",
               facts.method, facts.steps, trainLoss.y.last ?? .nan, validLoss.y.last ?? .nan, tokensPerSecond,
               facts.seconds / 60)
    }

    public var reportOutputs: [CellOutput] {
        let rows: [[TableCell]] = [
            [.text("method"), .text(facts.method)],
            [.text("steps"), .integer(facts.steps)],
        ] + (epochs.map { [[.text("epochs (passes over the training examples)"), .fixed($0, decimals: 2)]] } ?? []) + [
            [.text("tokens trained on"), .integer(facts.tokens)],
            [.text("trainable parameters"), .integer(facts.trainableParameters)],
            [.text("of all parameters (%)"), .fixed(trainablePercent, decimals: trainablePercent < 1 ? 3 : 1)],
            // The last training loss is one batch's (the plots smooth it), label-smoothed when fine-tuning asked for it.
            [.text("train loss, last batch (nats/token)"), .fixed(trainLoss.y.last ?? .nan, decimals: NumberFormat.decimals(for: .loss))],
            [.text("validation loss, last evaluation (nats/token)"), .fixed(validLoss.y.last ?? .nan, decimals: NumberFormat.decimals(for: .loss))],
            [.text("tokens per second"), .fixed(tokensPerSecond, decimals: 0)],
            [.text("wall time (s)"), .fixed(facts.seconds, decimals: 1)],
            [.text("of which validation (s)"), .fixed(facts.seconds - facts.trainingSeconds, decimals: 1)],
            [.text("peak memory while training (MiB, whole process)"), .fixed(facts.peakMemoryMiB, decimals: 0)],
        ]
        return [.table(ReportTable(caption: "Training run: \(facts.method)",
                                   columns: [TableColumn(""), TableColumn("value", groupsThousands: true)], rows: rows))]
    }

    public func resultEntries(key: String) -> [ResultEntry] {
        var entries = [
            ResultEntry(key: "\(key).steps", kind: .count, number: Double(facts.steps)),
            ResultEntry(key: "\(key).trainableParameters", kind: .count, number: Double(facts.trainableParameters)),
            ResultEntry(key: "\(key).tokens", kind: .count, number: Double(facts.tokens)),
        ] + (facts.batchesPerEpoch.map { [ResultEntry(key: "\(key).batchesPerEpoch", kind: .count, number: Double($0))] } ?? []) + [
            ResultEntry(key: "\(key).seconds", kind: .timing, number: facts.seconds),
            ResultEntry(key: "\(key).trainingSeconds", kind: .timing, number: facts.trainingSeconds),
            ResultEntry(key: "\(key).tokensPerSecond", kind: .timing, number: tokensPerSecond),
            ResultEntry(key: "\(key).peakMemoryMiB", kind: .timing, number: facts.peakMemoryMiB),
        ]
        entries += trainLoss.resultEntries(key: "\(key).trainLoss")
        entries += validLoss.resultEntries(key: "\(key).validLoss")
        return entries
    }

    public func persist(to directory: URL) throws {
        let modelFolder = directory.appendingPathComponent("model", isDirectory: true)
        try FileManager.default.createDirectory(at: modelFolder, withIntermediateDirectories: true)
        try model.persist(to: modelFolder)
        for (name, series) in [("train", trainLoss), ("valid", validLoss)] {
            let folder = directory.appendingPathComponent(name, isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try series.persist(to: folder)
        }
        try JSONEncoder().encode(facts).write(to: directory.appendingPathComponent("run.json"))
    }

    static let restorer: ObjectRestorer = { directory in
        guard let model = try ModelObject.restorer(directory.appendingPathComponent("model")) as? ModelObject,
              let train = try SeriesObject.restorer(directory.appendingPathComponent("train")) as? SeriesObject,
              let valid = try SeriesObject.restorer(directory.appendingPathComponent("valid")) as? SeriesObject
        else { throw NotebookAPIError("a cached training run is incomplete") }
        let facts = try JSONDecoder().decode(Facts.self, from: Data(contentsOf: directory.appendingPathComponent("run.json")))
        return TrainingRunObject(model: model, trainLoss: train, validLoss: valid, facts: facts)
    }
}
