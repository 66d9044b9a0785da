/// Where each named GPT-2 tensor lives in one flat parameter buffer: HF names, HF shapes
/// (Conv1D weights [in, out], which `gemm` reads directly), contiguous and in a fixed order.
public struct ParameterLayout: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var name: String
        public var shape: [Int]
        public var offset: Int
        public var count: Int { shape.reduce(1, *) }
    }

    /// Offsets of one transformer block's tensors.
    struct Block: Sendable, Hashable {
        var ln1Weight = 0, ln1Bias = 0, qkvWeight = 0, qkvBias = 0, attnProjWeight = 0, attnProjBias = 0
        var ln2Weight = 0, ln2Bias = 0, fcWeight = 0, fcBias = 0, mlpProjWeight = 0, mlpProjBias = 0
    }

    public let entries: [Entry]
    public let totalCount: Int
    let wte: Int, wpe: Int, lnfWeight: Int, lnfBias: Int
    let blocks: [Block]

    public init(config: GPT2Config) {
        let d = config.nEmbd
        var entries: [Entry] = []
        var offset = 0
        func add(_ name: String, _ shape: [Int]) -> Int {
            let start = offset
            entries.append(Entry(name: name, shape: shape, offset: start))
            offset += shape.reduce(1, *)
            return start
        }
        wte = add("transformer.wte.weight", [config.vocabSize, d])
        wpe = add("transformer.wpe.weight", [config.nPositions, d])
        var blocks: [Block] = []
        for i in 0..<config.nLayer {
            let p = "transformer.h.\(i)."
            var b = Block()
            b.ln1Weight = add(p + "ln_1.weight", [d])
            b.ln1Bias = add(p + "ln_1.bias", [d])
            b.qkvWeight = add(p + "attn.c_attn.weight", [d, 3 * d])
            b.qkvBias = add(p + "attn.c_attn.bias", [3 * d])
            b.attnProjWeight = add(p + "attn.c_proj.weight", [d, d])
            b.attnProjBias = add(p + "attn.c_proj.bias", [d])
            b.ln2Weight = add(p + "ln_2.weight", [d])
            b.ln2Bias = add(p + "ln_2.bias", [d])
            b.fcWeight = add(p + "mlp.c_fc.weight", [d, 4 * d])
            b.fcBias = add(p + "mlp.c_fc.bias", [4 * d])
            b.mlpProjWeight = add(p + "mlp.c_proj.weight", [4 * d, d])
            b.mlpProjBias = add(p + "mlp.c_proj.bias", [d])
            blocks.append(b)
        }
        self.blocks = blocks
        lnfWeight = add("transformer.ln_f.weight", [d])
        lnfBias = add("transformer.ln_f.bias", [d])
        self.entries = entries
        self.totalCount = offset
    }
}

extension GPT2Config {
    /// Number of parameters with the LM head tied to `wte` (GPT-2 small: 124,439,808).
    public var parameterCount: Int {
        let d = nEmbd
        return vocabSize * d + nPositions * d + 2 * d + nLayer * (12 * d * d + 13 * d)
    }
}
