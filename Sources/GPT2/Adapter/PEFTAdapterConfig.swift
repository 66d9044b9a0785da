import Foundation

/// The fields of PEFT's `adapter_config.json` that lorabook writes, and the ones it must check when reading:
/// anything that changes LoRA's arithmetic beyond plain `lora_alpha / r` scaling is rejected.
struct PEFTAdapterConfig {
    var rank: Int
    var alpha: Float
    var dropout: Float
    var baseModel: String?

    private struct Stored: Decodable {
        var peftType: String?
        var r: Int
        var loraAlpha: Float
        var loraDropout: Float?
        var bias: String?
        var useRslora: Bool?
        var useDora: Bool?
        var loraBias: Bool?
        var rankPattern: [String: Int]?
        var alphaPattern: [String: Float]?
        var modulesToSave: [String]?
        var baseModelNameOrPath: String?

        enum CodingKeys: String, CodingKey {
            case peftType = "peft_type", r, loraAlpha = "lora_alpha", loraDropout = "lora_dropout", bias
            case useRslora = "use_rslora", useDora = "use_dora", loraBias = "lora_bias"
            case rankPattern = "rank_pattern", alphaPattern = "alpha_pattern", modulesToSave = "modules_to_save"
            case baseModelNameOrPath = "base_model_name_or_path"
        }
    }

    static func read(_ url: URL) throws -> PEFTAdapterConfig {
        let file = url.path
        let stored = try JSONConfigFile.decode(Stored.self, from: url)
        func unsupported(_ reason: String) -> CheckpointError {
            CheckpointError(file: file, problem: .unsupported(reason: reason))
        }
        if let type = stored.peftType, type != "LORA" { throw unsupported("peft_type '\(type)' (only LORA)") }
        if stored.useRslora == true { throw unsupported("use_rslora (scaling alpha / sqrt(r))") }
        if stored.useDora == true { throw unsupported("use_dora") }
        if stored.loraBias == true { throw unsupported("lora_bias") }
        if let bias = stored.bias, bias != "none" { throw unsupported("bias '\(bias)' (only 'none')") }
        if !(stored.rankPattern ?? [:]).isEmpty || !(stored.alphaPattern ?? [:]).isEmpty {
            throw unsupported("per-module rank_pattern or alpha_pattern")
        }
        if !(stored.modulesToSave ?? []).isEmpty { throw unsupported("modules_to_save") }
        guard stored.r > 0 else {
            throw CheckpointError(file: file, problem: .badConfig(reason: "r must be positive, found \(stored.r)"))
        }
        guard stored.loraAlpha.isFinite, stored.loraAlpha > 0 else {
            throw CheckpointError(file: file, problem: .badConfig(reason: "lora_alpha must be positive, found \(stored.loraAlpha)"))
        }
        return PEFTAdapterConfig(rank: stored.r, alpha: stored.loraAlpha, dropout: stored.loraDropout ?? 0,
                                 baseModel: stored.baseModelNameOrPath)
    }

    /// The JSON PEFT writes for a LoRA on GPT-2's Conv1D `c_attn` (keys sorted, as PEFT writes them).
    func bytes() -> [UInt8] {
        let fields: [(String, String)] = [
            ("alpha_pattern", "{}"),
            ("base_model_name_or_path", baseModel.map(JSONText.quoted) ?? "null"),
            ("bias", "\"none\""),
            ("fan_in_fan_out", "true"),
            ("inference_mode", "true"),
            ("init_lora_weights", "true"),
            ("layers_pattern", "null"),
            ("layers_to_transform", "null"),
            ("lora_alpha", "\(alpha)"),
            ("lora_bias", "false"),
            ("lora_dropout", "\(dropout)"),
            ("modules_to_save", "null"),
            ("peft_type", "\"LORA\""),
            ("r", "\(rank)"),
            ("rank_pattern", "{}"),
            ("revision", "null"),
            ("target_modules", "[\"c_attn\"]"),
            ("task_type", "\"CAUSAL_LM\""),
            ("use_dora", "false"),
            ("use_rslora", "false"),
        ]
        let body = fields.map { "  \(JSONText.quoted($0.0)): \($0.1)" }.joined(separator: ",\n")
        return Array("{\n\(body)\n}\n".utf8)
    }
}
