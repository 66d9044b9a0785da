import SeededRandom

/// Which slice of the fused `c_attn` projection a LoRA pair adapts.
public enum LoRATarget: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case query = "q", key = "k", value = "v"

    /// Index of the slice in c_attn's output (q | k | v).
    var slot: Int {
        switch self {
        case .query: return 0
        case .key: return 1
        case .value: return 2
        }
    }

    public static func < (lhs: LoRATarget, rhs: LoRATarget) -> Bool { lhs.slot < rhs.slot }
}

/// LoRA hyperparameters (Hu et al. 2021): rank r, alpha (scaling alpha / r), dropout on the LoRA input.
public struct LoRAOptions: Sendable, Hashable, Codable {
    public var rank: Int
    public var alpha: Float
    public var dropout: Float
    public var targets: [LoRATarget]

    public init(rank: Int = 4, alpha: Float = 32, dropout: Float = 0.1, targets: [LoRATarget] = [.query, .value]) {
        self.rank = rank
        self.alpha = alpha
        self.dropout = dropout
        self.targets = Array(Set(targets)).sorted()
    }

    public var scaling: Float { alpha / Float(rank) }

    /// Trainable values: each layer and target holds A [r, d] and B [d, r] (GPT-2 M, r 4, q+v: 393,216).
    public func trainableParameterCount(config: GPT2Config) -> Int {
        config.nLayer * targets.count * 2 * rank * config.nEmbd
    }
}

/// The LoRA weights of every layer in one flat buffer: per layer, per target (q, k, v order), A then B.
/// A is Kaiming-uniform as `nn.Linear` / loralib / PEFT initialise it (a = sqrt(5): bound 1/sqrt(d)), B is zero,
/// so a fresh adapter leaves the model's output unchanged.
public struct LoRAAdapter: Sendable, Equatable {
    public let options: LoRAOptions
    public let layerCount: Int
    public let dim: Int
    public internal(set) var values: FloatBuffer

    public init(config: GPT2Config, options: LoRAOptions, seed: UInt64) {
        self.options = options
        layerCount = config.nLayer
        dim = config.nEmbd
        values = FloatBuffer(count: options.trainableParameterCount(config: config))
        var generator = SeededGenerator(seed: seed)
        let values = self.values.mutablePointer()
        for layer in 0..<layerCount {
            for target in options.targets {
                generator.fillKaimingUniform(values + aOffset(layer: layer, target: target), count: options.rank * dim, fanIn: dim)
            }
        }
    }

    var pairCount: Int { 2 * options.rank * dim }

    func aOffset(layer: Int, target: LoRATarget) -> Int {
        let index = options.targets.firstIndex(of: target) ?? 0
        return (layer * options.targets.count + index) * pairCount
    }

    func bOffset(layer: Int, target: LoRATarget) -> Int { aOffset(layer: layer, target: target) + options.rank * dim }

    /// Native names: `transformer.h.{i}.attn.c_attn.lora_{q|k|v}.A` [r, d] and `.B` [d, r].
    static func tensorName(layer: Int, target: LoRATarget, matrix: String) -> String {
        "transformer.h.\(layer).attn.c_attn.lora_\(target.rawValue).\(matrix)"
    }

    public func tensors() -> [String: HostTensor] {
        var result: [String: HostTensor] = [:]
        let r = options.rank
        for layer in 0..<layerCount {
            for target in options.targets {
                let a = aOffset(layer: layer, target: target), b = bOffset(layer: layer, target: target)
                result[Self.tensorName(layer: layer, target: target, matrix: "A")] =
                    HostTensor(shape: [r, dim], values: values[a..<(a + r * dim)])
                result[Self.tensorName(layer: layer, target: target, matrix: "B")] =
                    HostTensor(shape: [dim, r], values: values[b..<(b + r * dim)])
            }
        }
        return result
    }

    /// Replaces every A and B from `tensors`; a missing or mis-shaped tensor throws naming it.
    public mutating func load(_ tensors: [String: HostTensor]) throws {
        let r = options.rank
        var staged = values
        let destination = staged.mutablePointer()
        for layer in 0..<layerCount {
            for target in options.targets {
                for (matrix, shape, offset) in [("A", [r, dim], aOffset(layer: layer, target: target)),
                                                ("B", [dim, r], bOffset(layer: layer, target: target))] {
                    let name = Self.tensorName(layer: layer, target: target, matrix: matrix)
                    guard let tensor = tensors[name] else { throw GPT2Error.missingTensor(name: name) }
                    guard tensor.shape == shape else {
                        throw GPT2Error.wrongShape(name: name, expected: shape, found: tensor.shape)
                    }
                    tensor.values.withUnsafeBufferPointer { source in
                        if let address = source.baseAddress { (destination + offset).update(from: address, count: source.count) }
                    }
                }
            }
        }
        values = staged
    }
}
