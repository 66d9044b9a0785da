/// Greedy decoding as Hugging Face `generate` does it with `num_beams=1, do_sample=False`:
/// the score adjustments act on raw logits, the highest-scoring token wins (the lowest id on ties).
public enum GreedySearch {
    /// Decodes every prompt in one batch; returns the new tokens of each (an end token, if reached, included).
    public static func decode<Model: NextTokenModel>(prompts: [[Int]], model: inout Model,
                                                      options: DecodingOptions) throws -> [[Int]] {
        try validate(prompts: prompts, options: options)
        let vocabulary = model.vocabularySize
        let processing = LogitsProcessing(repetitionPenalty: options.repetitionPenalty,
                                          noRepeatNGramSize: options.noRepeatNGramSize)
        var sequences = prompts
        var outputs = [[Int]](repeating: [], count: prompts.count)
        var active = Array(prompts.indices)
        var logits = try model.start(prompts: prompts)
        while !active.isEmpty {
            var parents: [Int] = []
            var tokens: [Int] = []
            var stillActive: [Int] = []
            logits.withUnsafeMutableBufferPointer { all in
                for (row, prompt) in active.enumerated() {
                    let scores = UnsafeMutableBufferPointer(rebasing: all[row * vocabulary..<(row + 1) * vocabulary])
                    processing.apply(to: scores, sequence: sequences[prompt])
                    var best = 0
                    for token in 1..<vocabulary where scores[token] > scores[best] { best = token }
                    outputs[prompt].append(best)
                    sequences[prompt].append(best)
                    if !options.endTokens.contains(best) && outputs[prompt].count < options.maxNewTokens {
                        parents.append(row)
                        tokens.append(best)
                        stillActive.append(prompt)
                    }
                }
            }
            active = stillActive
            if active.isEmpty { break }
            logits = try model.extend(parents: parents, tokens: tokens)
        }
        return outputs
    }

    static func validate(prompts: [[Int]], options: DecodingOptions) throws {
        guard options.maxNewTokens > 0 else { throw GenerationError("max new tokens must be at least 1") }
        guard options.beamWidth >= 1 else { throw GenerationError("beam width must be at least 1") }
        if let empty = prompts.firstIndex(where: \.isEmpty) {
            throw GenerationError("prompt \(empty + 1) is empty: decoding needs at least one token")
        }
    }
}
