extension Checkpoint {
    /// Every parameter of a GPT-2 LM with a tied head, HF names (`transformer.`-prefixed) and layout
    /// (Conv1D weights stored [in, out]), in the order HF's model lists them.
    public static func parameterShapes(for config: GPT2Config) -> [(name: String, shape: [Int])] {
        let width = config.nEmbd
        var shapes: [(name: String, shape: [Int])] = [
            ("transformer.wte.weight", [config.vocabSize, width]),
            ("transformer.wpe.weight", [config.nPositions, width]),
        ]
        for layer in 0..<config.nLayer {
            let prefix = "transformer.h.\(layer)."
            shapes += [
                (prefix + "ln_1.weight", [width]), (prefix + "ln_1.bias", [width]),
                (prefix + "attn.c_attn.weight", [width, 3 * width]), (prefix + "attn.c_attn.bias", [3 * width]),
                (prefix + "attn.c_proj.weight", [width, width]), (prefix + "attn.c_proj.bias", [width]),
                (prefix + "ln_2.weight", [width]), (prefix + "ln_2.bias", [width]),
                (prefix + "mlp.c_fc.weight", [width, 4 * width]), (prefix + "mlp.c_fc.bias", [4 * width]),
                (prefix + "mlp.c_proj.weight", [4 * width, width]), (prefix + "mlp.c_proj.bias", [width]),
            ]
        }
        shapes += [("transformer.ln_f.weight", [width]), ("transformer.ln_f.bias", [width])]
        return shapes
    }
}
