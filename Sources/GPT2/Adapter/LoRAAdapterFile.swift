import Foundation

/// lorabook's LoRA adapters stored in Hugging Face PEFT's format (`adapter_config.json` +
/// `adapter_model.safetensors`), so PEFT loads them onto `GPT2LMHeadModel` unchanged.
///
/// Natively each target (`LoRATarget`) has its own rank-r pair, `transformer.h.{i}.{module}.lora_{target}.A`
/// [r, in] and `.B` [out, r], scaled by alpha / r. The whole layers o, fc and proj (`attn.c_proj`, `mlp.c_fc`,
/// `mlp.c_proj`) are PEFT's own Conv1D LoRA: its `lora_A.weight` is A and `lora_B.weight` is B.
/// PEFT can only adapt the whole fused `c_attn`, so the q/k/v slices go in one LoRA of rank r × slices:
/// `lora_A` stacks the slices' A, `lora_B` [3d, r × slices] is block-structured, and its alpha is alpha × slices,
/// keeping the scaling (as the config's `r` and `lora_alpha` when c_attn is the only module, else as
/// `rank_pattern` and `alpha_pattern` entries for c_attn). lorabook's rank, alpha and targets go in the
/// safetensors `__metadata__` (PEFT ignores it), so loading recovers the native tensors exactly.
/// A generic PEFT adapter (no such metadata) on these modules loads exactly too, with one rank for all of them:
/// c_attn's as a rank-r_p LoRA on each of q, k and v sharing PEFT's `lora_A`; adapters on any other module are
/// rejected.
public enum LoRAAdapterFile {
    public static let configFileName = "adapter_config.json"
    public static let weightsFileName = "adapter_model.safetensors"

    /// A target of the adapter: q, k, v (slices of `c_attn`), o, fc or proj.
    public typealias Target = LoRATarget

    /// An adapter in native form, as `load` returns it.
    public struct Contents: Sendable, Equatable {
        /// Native tensors, keyed by `nativeName(layer:target:matrix:)`.
        public var tensors: [String: HostTensor]
        public var rank: Int
        public var alpha: Float
        public var dropout: Float
        /// Targets, in q, k, v, o, fc, proj order.
        public var targets: [Target]
        public var baseModel: String?
        public var layerCount: Int
        public var width: Int
    }

    /// The native name of a LoRA matrix: `matrix` is "A" ([r, in]) or "B" ([out, r]).
    public static func nativeName(layer: Int, target: Target, matrix: String) -> String {
        LoRAAdapter.tensorName(layer: layer, target: target, matrix: matrix)
    }

    /// PEFT's key for the LoRA on `module` (the fused `attn.c_attn` by default) of a `GPT2LMHeadModel`:
    /// `matrix` is "A" or "B".
    public static func peftName(layer: Int, module: String = "attn.c_attn", matrix: String) -> String {
        "base_model.model.transformer.h.\(layer).\(module).lora_\(matrix).weight"
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
        let config = peftConfig(rank: rank, alpha: alpha, dropout: dropout, targets: targets, baseModel: baseModel)
        try AtomicOutput.writeDirectory(at: directory) { folder in
            try AtomicOutput.writeFile(to: folder.appendingPathComponent(configFileName)) { sink in
                try sink.write(config.bytes())
            }
            try SafeTensorsFile.write(peftTensors.mapValues { .float32($0) }, metadata: metadata,
                                      to: folder.appendingPathComponent(weightsFileName))
        }
    }

    /// `adapter_config.json` for `targets`: c_attn alone (q/k/v slices only) at rank and alpha × slices, as before
    /// whole layers were targets; with whole layers, `r` and `lora_alpha` are theirs and c_attn's go in patterns.
    private static func peftConfig(rank: Int, alpha: Float, dropout: Float, targets: [Target],
                                   baseModel: String) -> PEFTAdapterConfig {
        let slices = targets.filter { $0.site == .qkv }.count, layers = targets.filter { $0.site != .qkv }
        guard !layers.isEmpty else {
            return PEFTAdapterConfig(rank: rank * slices, alpha: alpha * Float(slices), dropout: dropout, baseModel: baseModel)
        }
        return PEFTAdapterConfig(rank: rank, alpha: alpha, dropout: dropout, baseModel: baseModel,
                                 modules: (slices > 0 ? ["c_attn"] : []) + layers.map(\.modulePath),
                                 fusedRank: slices > 1 ? rank * slices : nil, fusedAlpha: slices > 1 ? alpha * Float(slices) : nil)
    }

    /// Reads a PEFT adapter folder back into native form; with `base`, an adapter for another shape of
    /// model is an error naming the tensor.
    public static func load(from directory: URL, base: GPT2Config? = nil) throws -> Contents {
        let config = try PEFTAdapterConfig.read(directory.appendingPathComponent(configFileName))
        let weightsURL = directory.appendingPathComponent(weightsFileName)
        let weights = try SafeTensorsFile(contentsOf: weightsURL)
        let read = try PEFTLoRATensors.read(weights, fusedRank: config.attentionRank, rank: config.rank, base: base)
        let file = weightsURL.path
        func contents(_ tensors: [String: HostTensor], rank: Int, alpha: Float, targets: [Target]) -> Contents {
            Contents(tensors: tensors.merging(read.layerTensors) { first, _ in first }, rank: rank, alpha: alpha,
                     dropout: config.dropout, targets: targets, baseModel: config.baseModel,
                     layerCount: read.layerCount, width: read.width)
        }
        guard let rankText = weights.metadata["lorabook.rank"] else {
            guard let fused = read.fused else {
                return contents([:], rank: config.rank, alpha: config.alpha, targets: read.layerTargets)
            }
            guard read.layerTargets.isEmpty || (config.attentionRank == config.rank && config.attentionAlpha == config.alpha) else {
                throw CheckpointError(file: file, problem: .unsupported(
                    reason: "c_attn's rank or alpha differs from the other modules' (lorabook keeps one rank and alpha)"))
            }
            return contents(fused.generic(), rank: config.attentionRank, alpha: config.attentionAlpha,
                            targets: [.query, .key, .value] + read.layerTargets)
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
        let slices = targets.filter { $0.site == .qkv }
        guard targets.filter({ $0.site != .qkv }) == read.layerTargets, slices.isEmpty == (read.fused == nil) else {
            throw CheckpointError(file: file, problem: .badConfig(
                reason: "metadata targets \(targetText) disagree with the file's modules"))
        }
        if !read.layerTargets.isEmpty {
            guard rank == config.rank, alpha == config.alpha else {
                throw CheckpointError(file: file, problem: .badConfig(
                    reason: "metadata rank \(rank) and alpha \(alpha) disagree with r = \(config.rank), lora_alpha = \(config.alpha) in \(configFileName)"))
            }
        }
        guard let fused = read.fused else { return contents([:], rank: rank, alpha: alpha, targets: targets) }
        guard rank * slices.count == config.attentionRank else {
            throw CheckpointError(file: file, problem: .badConfig(
                reason: "metadata rank \(rank) × \(slices.count) targets disagrees with r = \(config.attentionRank) in \(configFileName)"))
        }
        guard alpha * Float(slices.count) == config.attentionAlpha else {
            throw CheckpointError(file: file, problem: .badConfig(
                reason: "metadata alpha \(alpha) × \(slices.count) targets disagrees with lora_alpha = \(config.attentionAlpha) in \(configFileName)"))
        }
        return contents(try fused.split(rank: rank, slices: slices, file: file), rank: rank, alpha: alpha, targets: targets)
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
