import Foundation

/// Bottleneck adapters (AdapterH / AdapterL) on disk: `adapter_config.json` (kind, bottleneck size, the base's
/// layers and width) beside `adapter_model.safetensors` holding `BottleneckAdapter.tensors()` as float32. The config
/// carries `"lorabook_adapter": "bottleneck"`, which tells it apart from a PEFT LoRA folder of the same file names.
public enum BottleneckAdapterFile {
    public static let configFileName = LoRAAdapterFile.configFileName
    public static let weightsFileName = LoRAAdapterFile.weightsFileName
    static let marker = "bottleneck"

    struct Config: Codable, Equatable {
        var lorabookAdapter: String
        var kind: BottleneckOptions.Kind
        var bottleneck: Int
        var layers: Int
        var width: Int
        var baseModel: String

        enum CodingKeys: String, CodingKey {
            case lorabookAdapter = "lorabook_adapter", kind, bottleneck, layers, width
            case baseModel = "base_model_name_or_path"
        }
    }

    /// Writes `adapter` as a folder at `directory`, atomically.
    public static func save(_ adapter: BottleneckAdapter, baseModel: String, to directory: URL) throws {
        let config = Config(lorabookAdapter: marker, kind: adapter.options.kind, bottleneck: adapter.options.size,
                            layers: adapter.layerCount, width: adapter.dim, baseModel: baseModel)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json = try encoder.encode(config)
        try AtomicOutput.writeDirectory(at: directory) { folder in
            try AtomicOutput.writeFile(to: folder.appendingPathComponent(configFileName)) { sink in
                try sink.write(Array(json) + [10])
            }
            try SafeTensorsFile.write(adapter.tensors().mapValues { .float32($0) }, metadata: ["format": "pt"],
                                      to: folder.appendingPathComponent(weightsFileName))
        }
    }

    /// Whether the folder holds bottleneck adapters (rather than a PEFT LoRA adapter).
    public static func holdsBottleneckAdapter(_ directory: URL) -> Bool {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent(configFileName)),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return false }
        return object["lorabook_adapter"] as? String == marker
    }

    /// Reads a folder back and attaches its adapters to `model` (a base of the same layers and width).
    public static func attach(from directory: URL, to model: inout GPT2Model) throws {
        let configURL = directory.appendingPathComponent(configFileName)
        let config: Config
        do {
            config = try JSONDecoder().decode(Config.self, from: Data(contentsOf: configURL))
        } catch {
            throw CheckpointError(file: configURL.path, problem: .badConfig(reason: "not a bottleneck adapter config: \(error)"))
        }
        guard config.layers == model.config.nLayer, config.width == model.config.nEmbd else {
            throw CheckpointError(file: configURL.path, problem: .badConfig(
                reason: "adapter for \(config.layers) layers of width \(config.width), the model has \(model.config.nLayer) of \(model.config.nEmbd)"))
        }
        let weights = try SafeTensorsFile(contentsOf: directory.appendingPathComponent(weightsFileName))
        var tensors: [String: HostTensor] = [:]
        for name in weights.names { tensors[name] = try weights.floats(name) }
        try model.attachAdapter(BottleneckOptions(kind: config.kind, size: config.bottleneck), seed: 0)
        try model.loadAdapterTensors(tensors)
    }
}
