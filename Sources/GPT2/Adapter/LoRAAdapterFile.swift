import Foundation

/// lorabook's q/k/v-slice LoRA adapters stored in Hugging Face PEFT's format (`adapter_config.json` +
/// `adapter_model.safetensors`), so PEFT loads them onto `GPT2LMHeadModel` unchanged.
///
/// Natively each targeted slice of `c_attn`'s 3d outputs has its own rank-r pair,
/// `transformer.h.{i}.attn.c_attn.lora_{q|k|v}.A` [r, d] and `.B` [d, r], scaled by alpha / r.
/// PEFT can only adapt the whole fused `c_attn`, so the file holds one LoRA of rank r × targets:
/// `lora_A` stacks the targets' A, `lora_B` [3d, r × targets] is block-structured, and
/// `lora_alpha` = alpha × targets keeps the scaling equal. lorabook's rank, alpha and targets go in the
/// safetensors `__metadata__` (PEFT ignores it), so loading recovers the native tensors exactly.
/// A generic PEFT `c_attn` adapter (no such metadata) loads exactly too, as a rank-r_p LoRA on each of
/// q, k and v sharing PEFT's `lora_A`; adapters on any other module are rejected.
public enum LoRAAdapterFile {
    public static let configFileName = "adapter_config.json"
    public static let weightsFileName = "adapter_model.safetensors"

    /// A slice of `c_attn`'s output: query, key or value.
    public enum Target: String, Sendable, CaseIterable, Comparable {
        case q, k, v

        /// Position of the slice in `c_attn`'s output (q, then k, then v).
        public var sliceIndex: Int {
            switch self {
            case .q: return 0
            case .k: return 1
            case .v: return 2
            }
        }

        public static func < (left: Target, right: Target) -> Bool { left.sliceIndex < right.sliceIndex }
    }

    /// An adapter in native form, as `load` returns it.
    public struct Contents: Sendable, Equatable {
        /// Native tensors, keyed by `nativeName(layer:target:matrix:)`.
        public var tensors: [String: HostTensor]
        public var rank: Int
        public var alpha: Float
        public var dropout: Float
        /// Targeted slices, in q, k, v order.
        public var targets: [Target]
        public var baseModel: String?
        public var layerCount: Int
        public var width: Int
    }

    /// The native name of a LoRA matrix: `matrix` is "A" ([r, d]) or "B" ([d, r]).
    public static func nativeName(layer: Int, target: Target, matrix: String) -> String {
        "transformer.h.\(layer).attn.c_attn.lora_\(target.rawValue).\(matrix)"
    }

    /// PEFT's key for the fused `c_attn` LoRA of a `GPT2LMHeadModel`: `matrix` is "A" or "B".
    public static func peftName(layer: Int, matrix: String) -> String {
        "base_model.model.transformer.h.\(layer).attn.c_attn.lora_\(matrix).weight"
    }

    /// Writes the native `tensors` as a PEFT adapter folder at `directory`, atomically.
    /// Every layer 0..<n must carry A and B for every target; with `base`, widths and layer count are checked.
    public static func save(tensors: [String: HostTensor], rank: Int, alpha: Float, dropout: Float,
                            targets: [Target], baseModel: String, base: GPT2Config? = nil, to directory: URL) throws {
        let file = directory.appendingPathComponent(weightsFileName).path
        let targets = try validated(targets: targets, file: file)
        guard rank > 0 else {
            throw CheckpointError(file: file, problem: .badConfig(reason: "LoRA rank must be positive, found \(rank)"))
        }
        guard alpha.isFinite, alpha > 0 else {
            throw CheckpointError(file: file, problem: .badConfig(reason: "LoRA alpha must be positive, found \(alpha)"))
        }
        guard dropout.isFinite, dropout >= 0, dropout < 1 else {
            throw CheckpointError(file: file, problem: .badConfig(reason: "LoRA dropout must be in [0, 1), found \(dropout)"))
        }
        let layout = try PEFTLoRALayout.native(tensors, rank: rank, targets: targets, base: base, file: file)
        let peftTensors = layout.peftTensors(tensors)
        let metadata = ["format": "pt", "lorabook.rank": "\(rank)", "lorabook.alpha": "\(alpha)",
                        "lorabook.targets": targets.map(\.rawValue).joined(separator: ",")]
        let config = PEFTAdapterConfig(rank: rank * targets.count, alpha: alpha * Float(targets.count),
                                       dropout: dropout, baseModel: baseModel)
        try AtomicOutput.writeDirectory(at: directory) { folder in
            try AtomicOutput.writeFile(to: folder.appendingPathComponent(configFileName)) { sink in
                try sink.write(config.bytes())
            }
            try SafeTensorsFile.write(peftTensors.mapValues { .float32($0) }, metadata: metadata,
                                      to: folder.appendingPathComponent(weightsFileName))
        }
    }

    /// Reads a PEFT adapter folder back into native form; with `base`, an adapter for another shape of
    /// model is an error naming the tensor.
    public static func load(from directory: URL, base: GPT2Config? = nil) throws -> Contents {
        let config = try PEFTAdapterConfig.read(directory.appendingPathComponent(configFileName))
        let weightsURL = directory.appendingPathComponent(weightsFileName)
        let weights = try SafeTensorsFile(contentsOf: weightsURL)
        let fused = try PEFTLoRALayout.fused(weights, rank: config.rank, base: base)
        let file = weightsURL.path
        guard let rankText = weights.metadata["lorabook.rank"] else {
            let tensors = fused.generic()
            return Contents(tensors: tensors, rank: config.rank, alpha: config.alpha, dropout: config.dropout,
                            targets: Target.allCases, baseModel: config.baseModel,
                            layerCount: fused.layerCount, width: fused.width)
        }
        guard let rank = Int(rankText), rank > 0,
              let alphaText = weights.metadata["lorabook.alpha"], let alpha = Float(alphaText), alpha > 0,
              let targetText = weights.metadata["lorabook.targets"] else {
            throw CheckpointError(file: file, problem: .badConfig(reason: "lorabook metadata (rank, alpha, targets) is incomplete"))
        }
        let targets = try validated(targets: targetText.split(separator: ",").map { name in
            guard let target = Target(rawValue: String(name)) else {
                throw CheckpointError(file: file, problem: .badConfig(reason: "unknown LoRA target '\(name)' in metadata"))
            }
            return target
        }, file: file)
        guard rank * targets.count == config.rank else {
            throw CheckpointError(file: file, problem: .badConfig(
                reason: "metadata rank \(rank) × \(targets.count) targets disagrees with r = \(config.rank) in \(configFileName)"))
        }
        guard alpha * Float(targets.count) == config.alpha else {
            throw CheckpointError(file: file, problem: .badConfig(
                reason: "metadata alpha \(alpha) × \(targets.count) targets disagrees with lora_alpha = \(config.alpha) in \(configFileName)"))
        }
        let tensors = try fused.split(rank: rank, targets: targets, file: file)
        return Contents(tensors: tensors, rank: rank, alpha: alpha, dropout: config.dropout, targets: targets,
                        baseModel: config.baseModel, layerCount: fused.layerCount, width: fused.width)
    }

    private static func validated(targets: [Target], file: String) throws -> [Target] {
        let sorted = targets.sorted()
        guard !sorted.isEmpty, Set(sorted).count == sorted.count else {
            throw CheckpointError(file: file, problem: .badConfig(
                reason: "LoRA targets must be distinct and non-empty, found \(targets.map(\.rawValue))"))
        }
        return sorted
    }
}
