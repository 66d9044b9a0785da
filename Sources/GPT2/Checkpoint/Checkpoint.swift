import Foundation

/// A GPT-2 checkpoint directory as Hugging Face's `save_pretrained()` writes it: `config.json` + `model.safetensors`.
/// Tensors are keyed by `transformer.`-prefixed HF names, in HF layout, always `Float`.
public enum Checkpoint {
    public static let configFileName = "config.json"
    public static let weightsFileName = "model.safetensors"

    /// Loads and validates a checkpoint: names normalised to the `transformer.` prefix, attention-mask buffers
    /// dropped, a tied `lm_head.weight` checked against `wte` and dropped, F16/BF16 widened to `Float`.
    public static func load(directory: URL) throws -> (config: GPT2Config, tensors: [String: HostTensor]) {
        let config = try HFConfigFile.read(directory.appendingPathComponent(configFileName))
        let weightsURL = directory.appendingPathComponent(weightsFileName)
        let file = weightsURL.path
        if !FileManager.default.fileExists(atPath: file) {
            let reason = FileManager.default.fileExists(atPath: directory.appendingPathComponent("model.safetensors.index.json").path)
                ? "sharded checkpoints (model.safetensors.index.json) are not supported"
                : FileManager.default.fileExists(atPath: directory.appendingPathComponent("pytorch_model.bin").path)
                    ? "only pytorch_model.bin is there; lorabook reads safetensors only"
                    : "no such file"
            throw CheckpointError(file: file, problem: .unreadable(reason: reason))
        }
        let weights = try SafeTensorsFile(contentsOf: weightsURL)
        var storedName: [String: String] = [:]
        var headName: String?
        for name in weights.names {
            if isAttentionBuffer(name) { continue }
            if name == "lm_head.weight" {
                headName = name
                continue
            }
            let normalised = name.hasPrefix("transformer.") ? name : "transformer." + name
            if let other = storedName[normalised] {
                throw CheckpointError(file: file, tensor: name, problem: .invalidTensor(reason: "duplicates '\(other)'"))
            }
            storedName[normalised] = name
        }
        let expected = parameterShapes(for: config)
        let expectedNames = Set(expected.map(\.name))
        if let extra = storedName.keys.sorted().first(where: { !expectedNames.contains($0) }) {
            throw CheckpointError(file: file, tensor: storedName[extra], problem: .unexpectedTensor)
        }
        var tensors: [String: HostTensor] = [:]
        for (name, shape) in expected {
            guard let stored = storedName[name] else {
                throw CheckpointError(file: file, tensor: name, problem: .missingTensor)
            }
            let entry = try weights.entry(named: stored)
            guard entry.dtype.isFloatingPoint else {
                throw CheckpointError(file: file, tensor: stored, problem: .wrongDType(found: entry.dtype.rawValue, expected: "F32, F16 or BF16"))
            }
            guard entry.shape == shape else {
                throw CheckpointError(file: file, tensor: stored, problem: .wrongShape(found: entry.shape, expected: shape))
            }
            let tensor = try weights.floats(stored)
            // A NaN or infinite weight poisons every output; say where it is rather than decode garbage.
            if let index = tensor.values.firstIndex(where: { !$0.isFinite }) {
                let bad = tensor.values.reduce(0) { $1.isFinite ? $0 : $0 + 1 }
                throw CheckpointError(file: file, tensor: stored, problem: .invalidTensor(
                    reason: "\(bad) non-finite value\(bad == 1 ? "" : "s") (the first, \(tensor.values[index]), at flat index \(index))"))
            }
            tensors[name] = tensor
        }
        if let headName {
            let head = try weights.floats(headName)
            guard head == tensors["transformer.wte.weight"] else {
                throw CheckpointError(file: file, tensor: headName, problem: .untiedHead)
            }
        }
        return (config, tensors)
    }

    /// Writes `config.json` and `model.safetensors` (F32, tied head omitted) into `directory`, atomically:
    /// the folder appears complete or, on any error, an existing one is left as it was.
    public static func save(config: GPT2Config, tensors: [String: HostTensor], to directory: URL) throws {
        let file = directory.appendingPathComponent(weightsFileName).path
        try HFConfigFile.validate(config, file: directory.appendingPathComponent(configFileName).path)
        let expected = parameterShapes(for: config)
        let expectedNames = Set(expected.map(\.name))
        if let extra = tensors.keys.sorted().first(where: { !expectedNames.contains($0) }) {
            throw CheckpointError(file: file, tensor: extra, problem: .unexpectedTensor)
        }
        for (name, shape) in expected {
            guard let tensor = tensors[name] else {
                throw CheckpointError(file: file, tensor: name, problem: .missingTensor)
            }
            guard tensor.shape == shape else {
                throw CheckpointError(file: file, tensor: name, problem: .wrongShape(found: tensor.shape, expected: shape))
            }
        }
        try AtomicOutput.writeDirectory(at: directory) { folder in
            try AtomicOutput.writeFile(to: folder.appendingPathComponent(configFileName)) { sink in
                try sink.write(HFConfigFile.bytes(for: config))
            }
            try SafeTensorsFile.write(tensors.mapValues { .float32($0) }, metadata: ["format": "pt"],
                                      to: folder.appendingPathComponent(weightsFileName))
        }
    }

    /// Causal-mask buffers some GPT-2 files carry (`h.N.attn.bias`, `h.N.attn.masked_bias`); not parameters.
    private static func isAttentionBuffer(_ name: String) -> Bool {
        name.hasSuffix(".attn.masked_bias") || (name.hasSuffix(".attn.bias") && !name.hasSuffix(".c_attn.bias"))
    }
}
