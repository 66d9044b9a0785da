import Foundation

/// A key/value prefix stored as Hugging Face PEFT stores prefix tuning (`adapter_config.json` with peft_type
/// PREFIX_TUNING, and `adapter_model.safetensors` holding `prompt_embeddings` [length, n_layer × 2 × n_embd]), so
/// PEFT loads it onto `GPT2LMHeadModel` unchanged and a PEFT-trained prefix loads here. A prefix trained through the
/// reparameterisation MLP (`prefix_projection` true, `encoder_hidden_size` H) is saved as PEFT saves it: the MLP's
/// output as `prompt_embeddings`, the same tensor (the MLP is dropped, as Li & Liang do after training; PEFT loads
/// such a folder in inference mode and cannot resume training it either).
public enum PrefixAdapterFile {
    public static let configFileName = "adapter_config.json"
    public static let weightsFileName = "adapter_model.safetensors"

    /// True when `directory`'s adapter_config.json says PREFIX_TUNING (a LoRA folder, or none, is false).
    public static func isPrefix(_ directory: URL) -> Bool {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent(configFileName)),
              let stored = try? JSONDecoder().decode(Stored.self, from: data) else { return false }
        return stored.peftType == "PREFIX_TUNING"
    }

    private struct Stored: Decodable {
        var peftType: String?
        var numVirtualTokens: Int?
        var numLayers: Int?
        var tokenDim: Int?
        var numAttentionHeads: Int?
        var numTransformerSubmodules: Int?
        var prefixProjection: Bool?
        var encoderHiddenSize: Int?

        enum CodingKeys: String, CodingKey {
            case peftType = "peft_type", numVirtualTokens = "num_virtual_tokens", numLayers = "num_layers"
            case tokenDim = "token_dim", numAttentionHeads = "num_attention_heads"
            case numTransformerSubmodules = "num_transformer_submodules"
            case prefixProjection = "prefix_projection", encoderHiddenSize = "encoder_hidden_size"
        }
    }

    /// Writes the model's prefix as a PEFT folder at `directory`, atomically.
    public static func save(_ prefix: PrefixAdapter, config: GPT2Config, baseModel: String?, to directory: URL) throws {
        let fields: [(String, String)] = [
            ("auto_mapping", "null"),
            ("base_model_name_or_path", baseModel.map(JSONText.quoted) ?? "null"),
            ("encoder_hidden_size", "\(prefix.options.projection ?? config.nEmbd)"),
            ("inference_mode", "true"),
            ("init_weights", "null"),
            ("modules_to_save", "null"),
            ("num_attention_heads", "\(config.nHead)"),
            ("num_layers", "\(config.nLayer)"),
            ("num_transformer_submodules", "1"),
            ("num_virtual_tokens", "\(prefix.length)"),
            ("peft_type", "\"PREFIX_TUNING\""),
            ("prefix_projection", prefix.options.projection == nil ? "false" : "true"),
            ("revision", "null"),
            ("task_type", "\"CAUSAL_LM\""),
            ("token_dim", "\(config.nEmbd)"),
        ]
        let body = fields.map { "  \(JSONText.quoted($0.0)): \($0.1)" }.joined(separator: ",\n")
        try AtomicOutput.writeDirectory(at: directory) { folder in
            try AtomicOutput.writeFile(to: folder.appendingPathComponent(configFileName)) { sink in
                try sink.write(Array("{\n\(body)\n}\n".utf8))
            }
            try SafeTensorsFile.write(prefix.savedTensors().mapValues { .float32($0) }, metadata: ["format": "pt"],
                                      to: folder.appendingPathComponent(weightsFileName))
        }
    }

    /// Reads a PEFT prefix folder for a model of shape `base`: its options and tensors for `loadPrefixTensors`.
    public static func load(from directory: URL, base: GPT2Config) throws -> (options: PrefixOptions, tensors: [String: HostTensor]) {
        let configURL = directory.appendingPathComponent(configFileName), file = configURL.path
        let stored = try JSONConfigFile.decode(Stored.self, from: configURL)
        guard stored.peftType == "PREFIX_TUNING" else {
            throw CheckpointError(file: file, problem: .unsupported(reason: "peft_type '\(stored.peftType ?? "none")' (expected PREFIX_TUNING)"))
        }
        guard let length = stored.numVirtualTokens, length >= 1, length < base.nPositions else {
            throw CheckpointError(file: file, problem: .badConfig(
                reason: "num_virtual_tokens must be in 1...\(base.nPositions - 1), found \(stored.numVirtualTokens.map(String.init) ?? "none")"))
        }
        for (key, found, expected) in [("num_layers", stored.numLayers, base.nLayer), ("token_dim", stored.tokenDim, base.nEmbd),
                                       ("num_attention_heads", stored.numAttentionHeads, base.nHead),
                                       ("num_transformer_submodules", stored.numTransformerSubmodules ?? 1, 1)] where found != expected {
            throw CheckpointError(file: file, problem: .badConfig(
                reason: "\(key) is \(found.map(String.init) ?? "missing"), the model needs \(expected)"))
        }
        var projection: Int?
        if stored.prefixProjection == true {
            guard let hidden = stored.encoderHiddenSize, hidden >= 1 else {
                throw CheckpointError(file: file, problem: .badConfig(
                    reason: "prefix_projection needs encoder_hidden_size of at least 1, found \(stored.encoderHiddenSize.map(String.init) ?? "none")"))
            }
            projection = hidden
        }
        let weightsURL = directory.appendingPathComponent(weightsFileName)
        let weights = try SafeTensorsFile(contentsOf: weightsURL)
        let name = PrefixAdapter.tensorName, shape = [length, 2 * base.nLayer * base.nEmbd]
        for other in weights.names where other != name {
            throw CheckpointError(file: weightsURL.path, tensor: other, problem: .unexpectedTensor)
        }
        guard weights.names.contains(name) else {
            throw CheckpointError(file: weightsURL.path, tensor: name, problem: .missingTensor)
        }
        let entry = try weights.entry(named: name)
        guard entry.dtype.isFloatingPoint else {
            throw CheckpointError(file: weightsURL.path, tensor: name, problem: .wrongDType(found: entry.dtype.rawValue, expected: "F32, F16 or BF16"))
        }
        guard entry.shape == shape else {
            throw CheckpointError(file: weightsURL.path, tensor: name, problem: .wrongShape(found: entry.shape, expected: shape))
        }
        return (PrefixOptions(length: length, projection: projection), [name: try weights.floats(name)])
    }
}

extension GPT2Model {
    /// Attaches the prefix saved in a PEFT prefix-tuning folder: its values, without any MLP (the options keep the
    /// MLP's size, so saving it again writes the same adapter_config.json).
    public mutating func loadPrefix(from directory: URL) throws {
        let (options, tensors) = try PrefixAdapterFile.load(from: directory, base: config)
        try attachPrefix(PrefixOptions(length: options.length), seed: 0)
        try loadPrefixTensors(tensors)
        prefix?.options = options
    }
}
