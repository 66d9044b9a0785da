import DataStore
import Foundation
import GPT2
import GPT2TokenIDs
import Runner
import Script
import Tokenizer

extension GenerationsObject {
    /// `generate(_ model:, on dataset:, decoder:, beam:, lengthPenalty:, noRepeatNGram:, maxNewTokens:, batch:)`:
    /// one text per MR. `decoder: "paper"` (the default) searches as the LoRA repository's gpt2_beam.py and cuts the
    /// text as its gpt2_decode.py; `"hf"` searches as Hugging Face `generate` and cuts at the first end token.
    /// Under mpirun (`environment.sharding`), each rank decodes a contiguous share of the batches of `batch` MRs that
    /// one process would decode, and every rank gets all the texts back in MR order: the texts of one process, bit
    /// for bit (a prompt's floats can depend on the other prompts of its batch, so the batches stay the same).
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
            let chunk = max(1, try arguments.int("batch"))
            /// The texts of `share` (indices into `prompts`), decoded `chunk` prompts at a time; `place` ends the
            /// progress lines.
            func decode(_ share: Range<Int>, place: String = "") throws -> DecodedShare {
                var generator = GPT2Generator(model: model.model, maxNewTokens: options.maxNewTokens, maxPromptLength: 448)
                var decoded = DecodedShare(outputs: [], newTokens: 0, seconds: 0)
                let started = Date()
                for start in stride(from: share.lowerBound, to: share.upperBound, by: chunk) {
                    let generated = try generator.generate(prompts: Array(prompts[start..<min(start + chunk, share.upperBound)]),
                                                           options: options)
                    for ids in generated {
                        decoded.newTokens += ids.count
                        func original(_ ids: some Sequence<Int>) -> [Int] {
                            ids.map { id in vocabulary.map { Int($0.originalID(Int32(id))) } ?? id }
                        }
                        switch rules {
                        case .paper:
                            decoded.outputs.append(tokenizer.paperOutputText(original(ids)))
                        case .hf:
                            let text = tokenizer.decode(original(ids.prefix { !endIDs.contains($0) }))
                            decoded.outputs.append(text.trimmingCharacters(in: .whitespacesAndNewlines))
                        }
                    }
                    context.reportProgress("generated \(decoded.outputs.count)/\(share.count)\(place)",
                                           fraction: Double(decoded.outputs.count) / Double(share.count))
                }
                decoded.seconds = Date().timeIntervalSince(started)
                return decoded
            }
            let decoded: DecodedShare
            if let sharding = environment.sharding {
                // Whole batches, so every prompt is decoded beside the same prompts as in one process.
                let share = sharding.share(of: prompts.count, inBatchesOf: chunk)
                decoded = DecodedShare(parallel: try sharding.gatheringEveryRank {
                    try decode(share, place: " on rank \(sharding.rank) of \(sharding.ranks) (MRs \(share.lowerBound + 1)-"
                                      + "\(share.upperBound) of \(prompts.count))")
                })
            } else {
                decoded = try decode(prompts.indices)
            }
            var key = CacheKey()
            key.add("generate", model.fingerprint)
            key.add("dataset", dataset.fingerprint)
            key.add("arguments", arguments.values.map(\.fingerprint).joined(separator: ","))
            return .object(GenerationsObject(stored: Stored(fingerprint: key.digest, mrs: mrs, outputs: decoded.outputs,
                                                            newTokens: decoded.newTokens, seconds: decoded.seconds)))
        }
    }
}

/// The texts of some MRs, in order, with what decoding them cost.
struct DecodedShare: Codable, Equatable {
    var outputs: [String]
    /// Tokens generated (all of them, before the text is cut).
    var newTokens: Int
    /// Wall time of the decoding.
    var seconds: Double
}

extension DecodedShare {
    /// Every rank's share put together (in rank order, so in MR order): the tokens summed, and the wall time of the
    /// slowest rank as the time of the whole parallel decode, so tokens / seconds is the ranks' combined rate.
    init(parallel shares: [DecodedShare]) {
        self.init(outputs: shares.flatMap(\.outputs), newTokens: shares.reduce(0) { $0 + $1.newTokens },
                  seconds: shares.map(\.seconds).max() ?? 0)
    }
}
