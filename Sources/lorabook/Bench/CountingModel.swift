import GPT2

/// A next-token model wrapper that adds up the wall time spent inside the model (so the search's own share can
/// be told apart) and the floating-point operations of the matrix products a KV-cached GPT-2 pass needs:
/// 24 d^2 per token and layer for the linear layers, 4 d c for causal attention over c positions, 2 V d per
/// row of logits. Prompts are assumed to be of equal length, as the decode benchmark makes them.
struct CountingModel<Base: NextTokenModel>: NextTokenModel {
    var base: Base
    let config: GPT2Config
    var seconds = 0.0
    var flops = 0.0
    /// Positions every row holds so far.
    private var context = 0

    init(base: Base, config: GPT2Config) {
        self.base = base
        self.config = config
    }

    var vocabularySize: Int { base.vocabularySize }

    mutating func start(prompts: [[Int]]) throws -> [Float] {
        let begin = ContinuousClock.now
        let logits = try base.start(prompts: prompts)
        seconds += (ContinuousClock.now - begin).seconds
        let d = Double(config.nEmbd), layers = Double(config.nLayer)
        for prompt in prompts {
            let length = Double(prompt.count)
            flops += layers * (24 * d * d * length + 4 * d * length * (length + 1) / 2)
        }
        flops += 2 * Double(logits.count) * d
        context = prompts.map(\.count).max() ?? 0
        return logits
    }

    mutating func extend(parents: [Int], tokens: [Int]) throws -> [Float] {
        let begin = ContinuousClock.now
        let logits = try base.extend(parents: parents, tokens: tokens)
        seconds += (ContinuousClock.now - begin).seconds
        context += 1
        let d = Double(config.nEmbd), layers = Double(config.nLayer), rows = Double(tokens.count)
        flops += rows * layers * (24 * d * d + 4 * d * Double(context)) + 2 * Double(logits.count) * d
        return logits
    }
}
