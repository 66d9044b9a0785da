/// Floating-point operations of one training step, counting matrix products only (2 per multiply-add),
/// as computed: attention scores over the full T x T square (T x (prefix + T) with a prefix), the LM head over every position.
public enum FlopCount {
    public static func trainingStep(config: GPT2Config, batchSize: Int, length: Int, method: TrainingMethod) -> Double {
        let n = Double(batchSize * length), d = Double(config.nEmbd), layers = Double(config.nLayer)
        let linear = 2 * n * layers * 12 * d * d
        let head = 2 * n * Double(config.vocabSize) * d
        let attention = layers * 4 * Double(batchSize) * Double(length * length) * d
        switch method {
        case .full:
            return 3 * (linear + head + attention)
        case .bitfit:
            // Every weight gradient of the blocks is computed (then gathered); the tied head's is not.
            return 3 * (linear + attention) + 2 * head
        case .topBlocks(let k):
            // Backward runs through the top k blocks only, and the head's input gradient alone.
            let trained = Double(min(max(k, 0), config.nLayer)) / layers
            return linear + attention + 2 * head + 2 * trained * (linear + attention)
        case .adapter(let options):
            // The input gradients run through every layer (as for LoRA), weight gradients for the adapters only.
            let bottleneck = 2 * n * layers * Double(options.points.count) * 2 * Double(options.size) * d
            return 2 * (linear + head) + 3 * (attention + bottleneck)
        case .lora(let options):
            return 2 * (linear + head) + 3 * (attention + lowRank(options))
        case .prefix(let options):
            // Only input gradients below the head, as LoRA; the scores widen to T x (prefix + T).
            return 2 * (linear + head) + 3 * attention * prefixWidening(options)
        case .loraPrefix(let lora, let prefix):
            return 2 * (linear + head) + 3 * (attention * prefixWidening(prefix) + lowRank(lora))
        }

        func lowRank(_ options: LoRAOptions) -> Double {
            2 * n * layers * Double(options.layerParameterCount(dim: config.nEmbd))
        }

        func prefixWidening(_ options: PrefixOptions) -> Double { Double(length + options.length) / Double(length) }
    }
}
