import GPT2TokenIDs

/// Shape of a GPT-2 model, named as in Hugging Face's `config.json`.
public struct GPT2Config: Sendable, Hashable, Codable {
    public var nLayer: Int
    public var nHead: Int
    public var nEmbd: Int
    public var nPositions: Int
    public var vocabSize: Int
    public var layerNormEpsilon: Float
    /// Dropout on residual branches, attention probabilities and embeddings (HF: resid/attn/embd_pdrop).
    public var residDropout: Float
    public var attnDropout: Float
    public var embdDropout: Float

    public init(nLayer: Int, nHead: Int, nEmbd: Int, nPositions: Int = 1024, vocabSize: Int = GPT2TokenIDs.vocabularySize,
                layerNormEpsilon: Float = 1e-5, residDropout: Float = 0.1, attnDropout: Float = 0.1,
                embdDropout: Float = 0.1) {
        self.nLayer = nLayer
        self.nHead = nHead
        self.nEmbd = nEmbd
        self.nPositions = nPositions
        self.vocabSize = vocabSize
        self.layerNormEpsilon = layerNormEpsilon
        self.residDropout = residDropout
        self.attnDropout = attnDropout
        self.embdDropout = embdDropout
    }

    enum CodingKeys: String, CodingKey {
        case nLayer = "n_layer", nHead = "n_head", nEmbd = "n_embd", nPositions = "n_positions"
        case vocabSize = "vocab_size", layerNormEpsilon = "layer_norm_epsilon"
        case residDropout = "resid_pdrop", attnDropout = "attn_pdrop", embdDropout = "embd_pdrop"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        nLayer = try c.decode(Int.self, forKey: .nLayer)
        nHead = try c.decode(Int.self, forKey: .nHead)
        nEmbd = try c.decode(Int.self, forKey: .nEmbd)
        nPositions = try c.decodeIfPresent(Int.self, forKey: .nPositions) ?? 1024
        vocabSize = try c.decodeIfPresent(Int.self, forKey: .vocabSize) ?? GPT2TokenIDs.vocabularySize
        layerNormEpsilon = try c.decodeIfPresent(Float.self, forKey: .layerNormEpsilon) ?? 1e-5
        residDropout = try c.decodeIfPresent(Float.self, forKey: .residDropout) ?? 0.1
        attnDropout = try c.decodeIfPresent(Float.self, forKey: .attnDropout) ?? 0.1
        embdDropout = try c.decodeIfPresent(Float.self, forKey: .embdDropout) ?? 0.1
    }

    /// The released OpenAI checkpoints.
    public static let gpt2 = GPT2Config(nLayer: 12, nHead: 12, nEmbd: 768)
    public static let gpt2Medium = GPT2Config(nLayer: 24, nHead: 16, nEmbd: 1024)
    public static let gpt2Large = GPT2Config(nLayer: 36, nHead: 20, nEmbd: 1280)
    /// Small shape for CPU work: 4 layers, 256 wide (REFERENCE.md section 6 benchmarks it).
    public static let micro = GPT2Config(nLayer: 4, nHead: 4, nEmbd: 256, nPositions: 128)

    /// Looks a preset up by the name a user types (`gpt2-medium`, `micro`, ...).
    public static func preset(named name: String) -> GPT2Config? {
        switch name {
        case "gpt2": return .gpt2
        case "gpt2-medium": return .gpt2Medium
        case "gpt2-large": return .gpt2Large
        case "micro": return .micro
        default: return nil
        }
    }
}
