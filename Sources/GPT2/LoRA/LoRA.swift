import SeededRandom

/// LoRA hyperparameters (Hu et al. 2021): rank r, alpha (scaling alpha / r), dropout on the LoRA input, and the
/// adapted layers (`LoRATarget`: q, k, v slices of c_attn, o, fc, proj).
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

    /// Values of one layer's pairs: A [r, in] and B [out, r] per target.
    func layerParameterCount(dim: Int) -> Int {
        targets.reduce(0) { $0 + rank * ($1.inputWidth(dim: dim) + $1.outputWidth(dim: dim)) }
    }

    /// Trainable values: each layer and target holds A [r, in] and B [out, r] (GPT-2 M, r 4, q+v: 393,216;
    /// fc and proj hold r × 5d each).
    public func trainableParameterCount(config: GPT2Config) -> Int {
        config.nLayer * layerParameterCount(dim: config.nEmbd)
    }
}

/// The LoRA weights of every layer in one flat buffer: per layer, per target (q, k, v, o, fc, proj order), A then B.
/// A is Kaiming-uniform as `nn.Linear` / loralib / PEFT initialise it (a = sqrt(5): bound 1/sqrt(in)), B is zero,
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
                let fanIn = target.inputWidth(dim: dim)
                generator.fillKaimingUniform(values + aOffset(layer: layer, target: target), count: options.rank * fanIn,
                                             fanIn: fanIn)
            }
        }
    }

    func aOffset(layer: Int, target: LoRATarget) -> Int {
        var offset = layer * options.layerParameterCount(dim: dim)
        for earlier in options.targets where earlier < target {
            offset += options.rank * (earlier.inputWidth(dim: dim) + earlier.outputWidth(dim: dim))
        }
        return offset
    }

    func bOffset(layer: Int, target: LoRATarget) -> Int {
        aOffset(layer: layer, target: target) + options.rank * target.inputWidth(dim: dim)
    }

    /// A's shape [r, in] or B's [out, r].
    func shape(target: LoRATarget, matrix: String) -> [Int] {
        matrix == "A" ? [options.rank, target.inputWidth(dim: dim)] : [target.outputWidth(dim: dim), options.rank]
    }

    /// Native names: `transformer.h.{i}.{module}.lora_{target}.A` [r, in] and `.B` [out, r], where module is
    /// `attn.c_attn` for q, k, v, `attn.c_proj` for o, `mlp.c_fc` for fc and `mlp.c_proj` for proj.
    static func tensorName(layer: Int, target: LoRATarget, matrix: String) -> String {
        "transformer.h.\(layer).\(target.modulePath).lora_\(target.rawValue).\(matrix)"
    }

    /// Every matrix in buffer order: name, offset, shape.
    func matrices() -> [(name: String, offset: Int, shape: [Int])] {
        var result: [(name: String, offset: Int, shape: [Int])] = []
        for layer in 0..<layerCount {
            for target in options.targets {
                for (matrix, offset) in [("A", aOffset(layer: layer, target: target)), ("B", bOffset(layer: layer, target: target))] {
                    result.append((Self.tensorName(layer: layer, target: target, matrix: matrix), offset,
                                   shape(target: target, matrix: matrix)))
                }
            }
        }
        return result
    }

    public func tensors() -> [String: HostTensor] {
        var result: [String: HostTensor] = [:]
        for (name, offset, shape) in matrices() {
            result[name] = HostTensor(shape: shape, values: values[offset..<(offset + shape[0] * shape[1])])
        }
        return result
    }

    /// Replaces every A and B from `tensors`; a missing or mis-shaped tensor throws naming it.
    public mutating func load(_ tensors: [String: HostTensor]) throws {
        var staged = values
        let destination = staged.mutablePointer()
        for (name, offset, shape) in matrices() {
            guard let tensor = tensors[name] else { throw GPT2Error.missingTensor(name: name) }
            guard tensor.shape == shape else {
                throw GPT2Error.wrongShape(name: name, expected: shape, found: tensor.shape)
            }
            tensor.values.withUnsafeBufferPointer { source in
                if let address = source.baseAddress { (destination + offset).update(from: address, count: source.count) }
            }
        }
        values = staged
    }
}
