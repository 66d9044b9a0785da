/// GPT-2's fixed token ids, named once for the tokenizer, the decoders, the E2E data and the notebook API.
public enum GPT2TokenIDs {
    /// `<|endoftext|>`, GPT-2's only special token (the last id): document separator and end of a completion.
    public static let endOfText = 50256
    /// `\n\n` as one token: the LoRA paper's decoder stops at it as at end-of-text.
    public static let blankLine = 628
    /// Tokens in GPT-2's vocabulary: ids `0..<50257`.
    public static let vocabularySize = 50257
}
