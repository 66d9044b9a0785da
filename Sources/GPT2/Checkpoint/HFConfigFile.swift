import Foundation

/// Reads and writes a Hugging Face GPT-2 `config.json`, rejecting variants the engine does not compute.
enum HFConfigFile {
    /// HF keys beyond `GPT2Config`'s that change the model's arithmetic.
    private struct Variant: Decodable {
        var modelType: String?
        var activationFunction: String?
        var nInner: Int?
        var scaleAttnWeights: Bool?
        var scaleAttnByInverseLayerIdx: Bool?
        var tieWordEmbeddings: Bool?
        var addCrossAttention: Bool?

        enum CodingKeys: String, CodingKey {
            case modelType = "model_type", activationFunction = "activation_function", nInner = "n_inner"
            case scaleAttnWeights = "scale_attn_weights", scaleAttnByInverseLayerIdx = "scale_attn_by_inverse_layer_idx"
            case tieWordEmbeddings = "tie_word_embeddings", addCrossAttention = "add_cross_attention"
        }
    }

    static func read(_ url: URL) throws -> GPT2Config {
        let file = url.path
        let data = try JSONConfigFile.read(url)
        let config: GPT2Config
        let variant: Variant
        do {
            config = try JSONDecoder().decode(GPT2Config.self, from: data)
            variant = try JSONDecoder().decode(Variant.self, from: data)
        } catch let error as DecodingError {
            throw CheckpointError(file: file, problem: .badConfig(reason: describe(error)))
        }
        if let type = variant.modelType, type != "gpt2" {
            throw CheckpointError(file: file, problem: .badConfig(reason: "model_type is '\(type)', expected 'gpt2'"))
        }
        if let activation = variant.activationFunction, !["gelu_new", "gelu_pytorch_tanh"].contains(activation) {
            throw CheckpointError(file: file, problem: .badConfig(
                reason: "activation_function '\(activation)' is not supported (the engine computes tanh-approximated GELU)"))
        }
        if let inner = variant.nInner, inner != 4 * config.nEmbd {
            throw CheckpointError(file: file, problem: .badConfig(reason: "n_inner \(inner) is not supported (only 4 × n_embd)"))
        }
        if variant.scaleAttnWeights == false || variant.scaleAttnByInverseLayerIdx == true {
            throw CheckpointError(file: file, problem: .badConfig(reason: "only attention scaled by 1/sqrt(head size) is supported"))
        }
        if variant.tieWordEmbeddings == false {
            throw CheckpointError(file: file, problem: .badConfig(reason: "tie_word_embeddings false is not supported"))
        }
        if variant.addCrossAttention == true {
            throw CheckpointError(file: file, problem: .badConfig(reason: "add_cross_attention is not supported"))
        }
        try validate(config, file: file)
        return config
    }

    static func validate(_ config: GPT2Config, file: String) throws {
        let sizes = [("n_layer", config.nLayer), ("n_head", config.nHead), ("n_embd", config.nEmbd),
                     ("n_positions", config.nPositions), ("vocab_size", config.vocabSize)]
        for (key, value) in sizes where value <= 0 {
            throw CheckpointError(file: file, problem: .badConfig(reason: "\(key) must be positive, found \(value)"))
        }
        guard config.nEmbd % config.nHead == 0 else {
            throw CheckpointError(file: file, problem: .badConfig(
                reason: "n_embd \(config.nEmbd) is not a multiple of n_head \(config.nHead)"))
        }
        guard config.layerNormEpsilon > 0, config.layerNormEpsilon.isFinite else {
            throw CheckpointError(file: file, problem: .badConfig(reason: "layer_norm_epsilon must be positive"))
        }
    }

    /// The JSON HF's `save_pretrained()` writes for `GPT2LMHeadModel`, keys sorted; end-of-text is the last token id.
    static func bytes(for config: GPT2Config) -> [UInt8] {
        func number(_ value: Float) -> String { "\(value)" }
        let fields: [(String, String)] = [
            ("activation_function", "\"gelu_new\""),
            ("architectures", "[\"GPT2LMHeadModel\"]"),
            ("attn_pdrop", number(config.attnDropout)),
            ("bos_token_id", "\(config.vocabSize - 1)"),
            ("embd_pdrop", number(config.embdDropout)),
            ("eos_token_id", "\(config.vocabSize - 1)"),
            ("initializer_range", "0.02"),
            ("layer_norm_epsilon", number(config.layerNormEpsilon)),
            ("model_type", "\"gpt2\""),
            ("n_embd", "\(config.nEmbd)"),
            ("n_head", "\(config.nHead)"),
            ("n_inner", "null"),
            ("n_layer", "\(config.nLayer)"),
            ("n_positions", "\(config.nPositions)"),
            ("reorder_and_upcast_attn", "false"),
            ("resid_pdrop", number(config.residDropout)),
            ("scale_attn_by_inverse_layer_idx", "false"),
            ("scale_attn_weights", "true"),
            ("tie_word_embeddings", "true"),
            ("use_cache", "true"),
            ("vocab_size", "\(config.vocabSize)"),
        ]
        let body = fields.map { "  \(JSONText.quoted($0.0)): \($0.1)" }.joined(separator: ",\n")
        return Array("{\n\(body)\n}\n".utf8)
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _):
            return "missing key '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type"
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "not valid JSON"
        case .dataCorrupted(let context):
            return "'\(context.codingPath.map(\.stringValue).joined(separator: "."))': \(context.debugDescription)"
        @unknown default:
            return "undecodable JSON"
        }
    }
}
