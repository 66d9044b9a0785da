import DataStore
import E2E
import Foundation
import GPT2
import Report
import Runner
import Script
import Tokenizer
import GPT2TokenIDs

/// One generated text per MR of a dataset (first-seen order), with what decoding cost.
public final class GenerationsObject: ReportableObject, PersistableObject {
    struct Stored: Codable {
        var fingerprint: String
        var mrs: [String]
        var outputs: [String]
        var newTokens: Int
        var seconds: Double
    }

    let stored: Stored

    init(stored: Stored) {
        self.stored = stored
    }

    public var outputs: [String] { stored.outputs }
    var tokensPerSecond: Double { stored.seconds > 0 ? Double(stored.newTokens) / stored.seconds : 0 }

    public var typeName: String { "Generations" }
    public var memberNames: [String] { ["outputs", "count", "tokensPerSecond", "seconds"] }
    public var methodNames: [String] { ["agreement"] }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "outputs": return .array(stored.outputs.map(Value.string))
        case "count": return .int(stored.outputs.count)
        case "tokensPerSecond": return .double(tokensPerSecond)
        case "seconds": return .double(stored.seconds)
        default: return nil
        }
    }

    public func method(_ name: String) -> Builtin? {
        guard name == "agreement" else { return nil }
        return Builtin("agreement", parameters: [Parameter("with", .object("Generations"))],
                       summary: "The fraction of MRs for which both generated the same text.") { [self] arguments, _ in
            let other = try arguments.object("with", as: GenerationsObject.self)
            guard other.outputs.count == outputs.count, !outputs.isEmpty else {
                throw NotebookAPIError("agreement(with:) needs generations for the same MRs")
            }
            return .double(Double(zip(outputs, other.outputs).filter { $0 == $1 }.count) / Double(outputs.count))
        }
    }

    public var fingerprint: String { stored.fingerprint }
    public var summary: String {
        String(format: "%d generations, %.1f new tokens/s", stored.outputs.count, tokensPerSecond)
    }

    public var reportOutputs: [CellOutput] {
        [.samples(zip(stored.mrs, stored.outputs).prefix(3).map { Sample(label: $0, text: $1) }), .text(summary)]
    }

    public func resultEntries(key: String) -> [ResultEntry] {
        [ResultEntry(key: "\(key).digest", kind: .text, text: SHA256.hex(of: Array(stored.outputs.joined(separator: "\n").utf8))),
         ResultEntry(key: "\(key).tokensPerSecond", kind: .timing, number: tokensPerSecond)]
    }

    public func persist(to directory: URL) throws {
        try JSONEncoder().encode(stored).write(to: directory.appendingPathComponent("generations.json"))
    }

    static let restorer: ObjectRestorer = { directory in
        GenerationsObject(stored: try JSONDecoder().decode(
            Stored.self, from: Data(contentsOf: directory.appendingPathComponent("generations.json"))))
    }

    /// `generate(_ model:, on dataset:, decoder:, beam:, lengthPenalty:, noRepeatNGram:, maxNewTokens:, batch:)`:
    /// one text per MR. `decoder: "paper"` (the default) searches as the LoRA repository's gpt2_beam.py and cuts the
    /// text as its gpt2_decode.py; `"hf"` searches as Hugging Face `generate` and cuts at the first end token.
    static func builtin(_ environment: NotebookEnvironment) -> Builtin {
        Builtin("generate",
                parameters: [.unlabeled("model", .object("Model")), Parameter("on", .object("Dataset")),
                             Parameter("decoder", .string, default: .string("paper")),
                             Parameter("beam", .int, default: .int(10)), Parameter("lengthPenalty", .double, default: .double(0.8)),
                             Parameter("noRepeatNGram", .int, default: .int(4)), Parameter("maxNewTokens", .int, default: .int(64)),
                             Parameter("batch", .int, default: .int(16))],
                summary: "Generates a text for every MR of a dataset (beam search by default, as the paper).") { arguments, context in
            let model = try arguments.object("model", as: ModelObject.self)
            let dataset = try arguments.object("on", as: DatasetObject.self)
            let tokenizer = try environment.tokenizer()
            let vocabulary = model.vocabulary
            func modelID(_ id: Int32) -> Int? { vocabulary == nil ? Int(id) : vocabulary?.compactID(id).map(Int.init) }
            let endIDs = [Int32(GPT2TokenIDs.endOfText), Int32(GPT2TokenIDs.blankLine)].compactMap(modelID)
            let decoderName = try arguments.string("decoder")
            guard let rules = DecodingRules(rawValue: decoderName) else {
                throw NotebookAPIError("generate(decoder:) is \"paper\" or \"hf\", not \"\(decoderName)\"")
            }
            let options = DecodingOptions(rules: rules, beamWidth: try arguments.int("beam"), lengthPenalty: try arguments.double("lengthPenalty"),
                                          noRepeatNGramSize: try arguments.int("noRepeatNGram"),
                                          maxNewTokens: try arguments.int("maxNewTokens"), endTokens: endIDs)
            try DecodingLimits.validate(options, config: model.model.config, prompts: max(1, min(try arguments.int("batch"), dataset.split.groups.count)))
            let mrs = dataset.split.groups.map(\.mr.loraText)
            let prompts = try mrs.map { text -> [Int] in
                try (tokenizer.encodeInt32(text) + [Int32(GPT2TokenIDs.endOfText)]).map { id in
                    guard let mapped = modelID(id) else {
                        throw NotebookAPIError("generate: the MR token \(id) is not in the model's vocabulary")
                    }
                    return mapped
                }
            }
            var generator = GPT2Generator(model: model.model, maxNewTokens: options.maxNewTokens, maxPromptLength: 448)
            let chunk = max(1, try arguments.int("batch"))
            var outputs: [String] = []
            var newTokens = 0
            let started = Date()
            for start in stride(from: 0, to: prompts.count, by: chunk) {
                let generated = try generator.generate(prompts: Array(prompts[start..<min(start + chunk, prompts.count)]),
                                                       options: options)
                for ids in generated {
                    newTokens += ids.count
                    func original(_ ids: some Sequence<Int>) -> [Int] {
                        ids.map { id in vocabulary.map { Int($0.originalID(Int32(id))) } ?? id }
                    }
                    switch rules {
                    case .paper:
                        outputs.append(tokenizer.paperOutputText(original(ids)))
                    case .hf:
                        let text = tokenizer.decode(original(ids.prefix { !endIDs.contains($0) }))
                        outputs.append(text.trimmingCharacters(in: .whitespacesAndNewlines))
                    }
                }
                context.reportProgress("generated \(outputs.count)/\(prompts.count)",
                                       fraction: Double(outputs.count) / Double(prompts.count))
            }
            var key = CacheKey()
            key.add("generate", model.fingerprint)
            key.add("dataset", dataset.fingerprint)
            key.add("arguments", arguments.values.map(\.fingerprint).joined(separator: ","))
            return .object(GenerationsObject(stored: Stored(fingerprint: key.digest, mrs: mrs, outputs: outputs,
                                                            newTokens: newTokens, seconds: Date().timeIntervalSince(started))))
        }
    }
}
