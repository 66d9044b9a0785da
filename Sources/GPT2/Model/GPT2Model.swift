import SeededRandom

/// GPT-2 (pre-LN blocks, tanh GELU, LM head tied to `wte`) with all weights in one flat buffer,
/// laid out and named as Hugging Face's GPT2LMHeadModel, plus an optional LoRA adapter and key/value prefix.
public struct GPT2Model: Sendable {
    public let config: GPT2Config
    public let layout: ParameterLayout
    public internal(set) var parameters: FloatBuffer
    public internal(set) var lora: LoRAAdapter?
    /// True while the adapter's scale * B A is folded into the c_attn weights.
    public internal(set) var isLoRAMerged = false
    /// Bottleneck adapters (AdapterH / AdapterL) run inside every block when attached; they never merge.
    public internal(set) var adapter: BottleneckAdapter?
    /// Prefix tuning's key/value prefix, prepended to every layer's attention when attached.
    public internal(set) var prefix: PrefixAdapter?

    /// Random initialisation as HF does: normal(0, 0.02) weights and embeddings, c_proj weights
    /// normal(0, 0.02 / sqrt(2 n_layer)), LayerNorm ones and zeros, biases zero.
    public init(config: GPT2Config, seed: UInt64) throws {
        try Self.check(config)
        self.config = config
        layout = ParameterLayout(config: config)
        parameters = FloatBuffer(count: layout.totalCount)
        var generator = SeededGenerator(seed: seed)
        let base = parameters.mutablePointer()
        let projectionStd = 0.02 / (2 * Double(config.nLayer)).squareRoot()
        for entry in layout.entries {
            let values = base + entry.offset
            let name = entry.name
            if name.hasSuffix("ln_1.weight") || name.hasSuffix("ln_2.weight") || name.hasSuffix("ln_f.weight") {
                values.update(repeating: 1, count: entry.count)
            } else if entry.shape.count == 2 {
                let std = name.hasSuffix("c_proj.weight") ? projectionStd : 0.02
                for i in 0..<entry.count { values[i] = Float(generator.nextNormal() * std) }
            }
        }
    }

    /// Builds the model from HF-named tensors (a `transformer.` prefix is optional, extra tensors such as
    /// `lm_head.weight` or attention-mask buffers are ignored); a missing or mis-shaped tensor throws naming it.
    public init(config: GPT2Config, weights: [String: HostTensor]) throws {
        try Self.check(config)
        self.config = config
        layout = ParameterLayout(config: config)
        parameters = FloatBuffer(count: layout.totalCount)
        let base = parameters.mutablePointer()
        for entry in layout.entries {
            let shortName = String(entry.name.dropFirst("transformer.".count))
            guard let tensor = weights[entry.name] ?? weights[shortName] else {
                throw GPT2Error.missingTensor(name: entry.name)
            }
            guard tensor.shape == entry.shape else {
                throw GPT2Error.wrongShape(name: entry.name, expected: entry.shape, found: tensor.shape)
            }
            tensor.values.withUnsafeBufferPointer { source in
                if let address = source.baseAddress { (base + entry.offset).update(from: address, count: entry.count) }
            }
        }
    }

    static func check(_ config: GPT2Config) throws {
        guard config.nLayer > 0, config.nHead > 0, config.nEmbd > 0, config.nPositions > 0, config.vocabSize > 0 else {
            throw GPT2Error.invalidConfig(reason: "n_layer, n_head, n_embd, n_positions and vocab_size must be positive")
        }
        guard config.nEmbd % config.nHead == 0 else {
            throw GPT2Error.invalidConfig(reason: "n_embd \(config.nEmbd) is not a multiple of n_head \(config.nHead)")
        }
        for (name, p) in [("resid_pdrop", config.residDropout), ("attn_pdrop", config.attnDropout),
                          ("embd_pdrop", config.embdDropout)] where !(p >= 0 && p < 1) {
            throw GPT2Error.invalidConfig(reason: "\(name) \(p) must be in [0, 1)")
        }
    }

    /// Every base weight under its HF name and shape (the base weights as stored, so merged if merged).
    public func namedParameters() -> [String: HostTensor] {
        var result: [String: HostTensor] = [:]
        for entry in layout.entries {
            result[entry.name] = HostTensor(shape: entry.shape, values: parameters[entry.offset..<(entry.offset + entry.count)])
        }
        return result
    }

    public var parameterCount: Int { layout.totalCount }
}
