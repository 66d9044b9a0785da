import Foundation

/// The fields of PEFT's `adapter_config.json` that lorabook writes, and the ones it must check when reading:
/// anything that changes LoRA's arithmetic beyond plain `lora_alpha / r` scaling is rejected, except a
/// `rank_pattern` / `alpha_pattern` entry for `c_attn` (how lorabook gives the fused q/k/v LoRA its own rank).
struct PEFTAdapterConfig {
    var rank: Int
    var alpha: Float
    var dropout: Float
    var baseModel: String?
    /// `target_modules` as lorabook writes them (reading takes the modules from the tensor names).
    var modules: [String] = ["c_attn"]
    /// `c_attn`'s rank and alpha when a pattern sets them apart from `r` and `lora_alpha`.
    var fusedRank: Int? = nil
    var fusedAlpha: Float? = nil

    /// The rank and alpha PEFT gives `c_attn`.
    var attentionRank: Int { fusedRank ?? rank }
    var attentionAlpha: Float { fusedAlpha ?? alpha }

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

    /// Pattern keys that name GPT-2's fused attention projection (PEFT matches them as the end of a module path).
    private static let attentionKeys: Set<String> = ["c_attn", "attn.c_attn"]

    static func read(_ url: URL) throws -> PEFTAdapterConfig {
        let file = url.path
        let stored = try JSONConfigFile.decode(Stored.self, from: url)
        func unsupported(_ reason: String) -> CheckpointError {
            CheckpointError(file: file, problem: .unsupported(reason: reason))
        }
        func positive(_ value: Float, _ name: String) throws {
            guard value.isFinite, value > 0 else {
                throw CheckpointError(file: file, problem: .badConfig(reason: "\(name) must be positive, found \(value)"))
            }
        }
        if let type = stored.peftType, type != "LORA" { throw unsupported("peft_type '\(type)' (only LORA)") }
        if stored.useRslora == true { throw unsupported("use_rslora (scaling alpha / sqrt(r))") }
        if stored.useDora == true { throw unsupported("use_dora") }
        if stored.loraBias == true { throw unsupported("lora_bias") }
        if let bias = stored.bias, bias != "none" { throw unsupported("bias '\(bias)' (only 'none')") }
        let rankPattern = stored.rankPattern ?? [:], alphaPattern = stored.alphaPattern ?? [:]
        guard rankPattern.count <= 1, alphaPattern.count <= 1,
              Set(rankPattern.keys).union(alphaPattern.keys).isSubset(of: attentionKeys) else {
            throw unsupported("per-module rank_pattern or alpha_pattern (only c_attn's)")
        }
        if !(stored.modulesToSave ?? []).isEmpty { throw unsupported("modules_to_save") }
        for (name, rank) in [("r", stored.r)] + rankPattern.map({ ("rank_pattern's \($0.key) rank", $0.value) }) where rank <= 0 {
            throw CheckpointError(file: file, problem: .badConfig(reason: "\(name) must be positive, found \(rank)"))
        }
        try positive(stored.loraAlpha, "lora_alpha")
        let fusedRank = rankPattern.values.first, fusedAlpha = alphaPattern.values.first
        if let fusedAlpha { try positive(fusedAlpha, "alpha_pattern's c_attn alpha") }
        return PEFTAdapterConfig(rank: stored.r, alpha: stored.loraAlpha, dropout: stored.loraDropout ?? 0,
                                 baseModel: stored.baseModelNameOrPath, fusedRank: fusedRank, fusedAlpha: fusedAlpha)
    }

    /// The JSON PEFT writes for a LoRA on GPT-2's Conv1D layers (keys sorted, as PEFT writes them).
    func bytes() -> [UInt8] {
        func pattern(_ value: String?) -> String { value.map { "{\"c_attn\": \($0)}" } ?? "{}" }
        let fields: [(String, String)] = [
            ("alpha_pattern", pattern(fusedAlpha.map { "\($0)" })),
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
            ("rank_pattern", pattern(fusedRank.map { "\($0)" })),
            ("revision", "null"),
            ("target_modules", "[" + modules.map(JSONText.quoted).joined(separator: ", ") + "]"),
            ("task_type", "\"CAUSAL_LM\""),
            ("use_dora", "false"),
            ("use_rslora", "false"),
        ]
        let body = fields.map { "  \(JSONText.quoted($0.0)): \($0.1)" }.joined(separator: ",\n")
        return Array("{\n\(body)\n}\n".utf8)
    }
}
