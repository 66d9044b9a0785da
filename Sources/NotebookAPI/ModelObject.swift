import DataStore
import Foundation
import GPT2
import Report
import Runner
import Script
import GPT2TokenIDs

/// A GPT-2 (with its vocabulary map and any LoRA adapter, bottleneck adapters or prefix) as cells see it.
public final class ModelObject: ReportableObject, PersistableObject {
    public let model: GPT2Model
    public let vocabulary: VocabularyMap?
    /// What made these weights (a recipe hash), so cells that read the model cache correctly.
    public let fingerprint: String

    init(model: GPT2Model, vocabulary: VocabularyMap?, fingerprint: String) {
        self.model = model
        self.vocabulary = vocabulary
        self.fingerprint = fingerprint
    }

    public var typeName: String { "Model" }
    public var memberNames: [String] { ["layers", "width", "heads", "positions", "vocabularySize", "parameterCount", "summary"] }
    public var methodNames: [String] { ["merged", "untrained"] }

    public func member(_ name: String) throws -> Value? {
        let config = model.config
        switch name {
        case "layers": return .int(config.nLayer)
        case "width": return .int(config.nEmbd)
        case "heads": return .int(config.nHead)
        case "positions": return .int(config.nPositions)
        case "vocabularySize": return .int(config.vocabSize)
        case "parameterCount": return .int(model.parameterCount)
        case "summary":
            return .dictionary(ScriptDictionary([
                (key: .string("layers"), value: .int(config.nLayer)), (key: .string("width"), value: .int(config.nEmbd)),
                (key: .string("heads"), value: .int(config.nHead)), (key: .string("positions"), value: .int(config.nPositions)),
                (key: .string("vocabulary"), value: .int(config.vocabSize)),
                (key: .string("parameters"), value: .int(model.parameterCount)),
            ]))
        default: return nil
        }
    }

    public func method(_ name: String) -> Builtin? {
        if name == "untrained" {
            return Builtin("untrained", parameters: [Parameter("seed", .int, default: .int(110))],
                           summary: "A model of the same shape and vocabulary with fresh random weights (HF's initialisation).") { [self] arguments, _ in
                let config = model.config
                let seed = UInt64(truncatingIfNeeded: try arguments.int("seed"))
                var key = CacheKey()
                key.add("untrained", "\(config.nLayer) \(config.nHead) \(config.nEmbd) \(config.nPositions) \(config.vocabSize) "
                        + "\(config.residDropout) \(config.attnDropout) \(config.embdDropout) \(seed)")
                key.add("vocabulary", vocabulary.map { $0.originalIDs.map(String.init).joined(separator: ",") } ?? "gpt2-full")
                return .object(ModelObject(model: try GPT2Model(config: config, seed: seed), vocabulary: vocabulary,
                                           fingerprint: key.digest))
            }
        }
        guard name == "merged" else { return nil }
        return Builtin("merged", summary: "The model with its LoRA update folded into the base weights.") { [self] _, _ in
            guard model.lora != nil else { throw NotebookAPIError("merged(): this model has no LoRA adapter") }
            var copy = model
            copy.merge()
            return .object(ModelObject(model: copy, vocabulary: vocabulary, fingerprint: fingerprint + ":merged"))
        }
    }

    public var summary: String {
        let c = model.config
        return "GPT-2, \(c.nLayer) layers x \(c.nEmbd) wide, \(c.nHead) heads, \(c.nPositions) positions, "
            + "vocabulary \(c.vocabSize), \(model.parameterCount.formatted()) parameters"
            + (model.lora != nil ? (model.isLoRAMerged ? ", LoRA merged" : ", LoRA") : "")
            + (model.adapter.map { ", \($0.options.label)" } ?? "")
            + (model.prefix.map { ", prefix of \($0.length)" + ($0.projection.map { " (trained through an MLP of \($0.hidden))" } ?? "") } ?? "")
    }

    public var reportOutputs: [CellOutput] { [.text(summary)] }

    public func resultEntries(key: String) -> [ResultEntry] {
        [ResultEntry(key: "\(key).parameters", kind: .count, number: Double(model.parameterCount))]
    }

    struct Stored: Codable {
        var fingerprint: String
        var vocabulary: [Int32]
        var lora: LoRAOptions?
        var merged: Bool
        var prefix: PrefixOptions?
        var adapter: BottleneckOptions?
    }

    /// The base weights as a checkpoint, then each attached part (LoRA, prefix, bottleneck adapters) as its own
    /// safetensors file, and model.json with their options.
    public func persist(to directory: URL) throws {
        var base = model
        if base.isLoRAMerged { base.unmerge() }
        try Checkpoint.save(config: base.config, tensors: base.namedParameters(), to: directory.appendingPathComponent("model"))
        let parts: [(file: String, tensors: [String: HostTensor]?)] = [
            ("lora.safetensors", base.lora.map { _ in base.loraTensors() }), ("prefix.safetensors", base.prefix?.tensors()),
            ("adapter.safetensors", base.adapter?.tensors()),
        ]
        for case let (file, tensors?) in parts {
            try SafeTensorsFile.write(tensors.mapValues { .float32($0) }, to: directory.appendingPathComponent(file))
        }
        let stored = Stored(fingerprint: fingerprint, vocabulary: vocabulary?.originalIDs ?? [], lora: base.lora?.options,
                            merged: model.isLoRAMerged, prefix: base.prefix?.options, adapter: base.adapter?.options)
        try JSONEncoder().encode(stored).write(to: directory.appendingPathComponent("model.json"))
    }

    /// Every tensor of `file` in `directory`.
    private static func tensors(_ file: String, in directory: URL) throws -> [String: HostTensor] {
        let contents = try SafeTensorsFile(contentsOf: directory.appendingPathComponent(file))
        var tensors: [String: HostTensor] = [:]
        for name in contents.names { tensors[name] = try contents.floats(name) }
        return tensors
    }

    static let restorer: ObjectRestorer = { directory in
        let stored = try JSONDecoder().decode(Stored.self, from: Data(contentsOf: directory.appendingPathComponent("model.json")))
        let (config, tensors) = try Checkpoint.load(directory: directory.appendingPathComponent("model"))
        var model = try GPT2Model(config: config, weights: tensors)
        if let options = stored.lora {
            try model.attachLoRA(options, seed: 0)
            try model.loadLoRATensors(try ModelObject.tensors("lora.safetensors", in: directory))
            if stored.merged { model.merge() }
        }
        if let options = stored.prefix {
            try model.attachPrefix(options, seed: 0)
            try model.loadPrefixTensors(try ModelObject.tensors("prefix.safetensors", in: directory))
        }
        if let options = stored.adapter {
            try model.attachAdapter(options, seed: 0)
            try model.loadAdapterTensors(try ModelObject.tensors("adapter.safetensors", in: directory))
        }
        let vocabulary = stored.vocabulary.isEmpty ? nil : try VocabularyMap(tokenIDs: stored.vocabulary, originalVocabSize: GPT2TokenIDs.vocabularySize)
        return ModelObject(model: model, vocabulary: vocabulary, fingerprint: stored.fingerprint)
    }

    /// `gpt2(layers:width:heads:positions:vocabulary:dropout:seed:)`: a randomly initialised GPT-2.
    static let builtin = Builtin(
        "gpt2",
        parameters: [Parameter("layers", .int, default: .int(4)), Parameter("width", .int, default: .int(256)),
                     Parameter("heads", .int, default: .int(4)), Parameter("positions", .int, default: .int(128)),
                     Parameter("vocabulary", .optional(.object("Vocabulary")), default: .null),
                     Parameter("dropout", .double, default: .double(0.1)), Parameter("seed", .int, default: .int(110))],
        summary: "A GPT-2 of the given shape with Hugging Face's random initialisation."
    ) { arguments, _ in
        var map: VocabularyMap?
        var vocabularyFingerprint = "vocabulary:gpt2-full"
        if case .object(let object)? = arguments["vocabulary"], let vocabulary = object as? VocabularyObject {
            map = vocabulary.map
            vocabularyFingerprint = vocabulary.fingerprint
        }
        let dropout = Float(try arguments.double("dropout"))
        let config = GPT2Config(nLayer: try arguments.int("layers"), nHead: try arguments.int("heads"),
                                nEmbd: try arguments.int("width"), nPositions: try arguments.int("positions"),
                                vocabSize: map?.count ?? GPT2TokenIDs.vocabularySize, residDropout: dropout, attnDropout: dropout,
                                embdDropout: dropout)
        let seed = UInt64(truncatingIfNeeded: try arguments.int("seed"))
        let model = try GPT2Model(config: config, seed: seed)
        var key = CacheKey()
        key.add("gpt2", "\(config.nLayer) \(config.nHead) \(config.nEmbd) \(config.nPositions) \(dropout) \(seed)")
        key.add("vocabulary", vocabularyFingerprint)
        return .object(ModelObject(model: model, vocabulary: map, fingerprint: key.digest))
    }
}

extension ModelObject {
    /// `load(_ nameOrPath:)`: a Hugging Face GPT-2 checkpoint from a directory or the local HF cache (never downloads).
    static let loadBuiltin = Builtin(
        "load", parameters: [.unlabeled("checkpoint", .string)],
        summary: "Loads a GPT-2 checkpoint (a directory with config.json + model.safetensors, or a model id in the HF cache)."
    ) { arguments, _ in
        let name = try arguments.string("checkpoint")
        let directory = try Checkpoint.resolve(name)
        let (config, tensors) = try Checkpoint.load(directory: directory)
        let model = try GPT2Model(config: config, weights: tensors)
        var key = CacheKey()
        key.add("checkpoint", directory.path)
        let weights = directory.appendingPathComponent("model.safetensors")
        let attributes = try? FileManager.default.attributesOfItem(atPath: weights.path)
        key.add("size", "\((attributes?[.size] as? Int) ?? 0)")
        key.add("modified", "\((attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)")
        return .object(ModelObject(model: model, vocabulary: nil, fingerprint: key.digest))
    }
}
