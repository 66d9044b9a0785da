import Tokenizer
import GPT2TokenIDs

/// One training example as GPT-2 ids: `context = BPE(MR) + [EOS]`, `completion = BPE(" " + REF) + [EOS]`,
/// as the LoRA repo's `gpt2_encode.py --add_bos --add_eos` writes them.
public struct EncodedExample: Sendable, Hashable {
    public var context: [Int32]
    public var completion: [Int32]

    public init(context: [Int32], completion: [Int32]) {
        self.context = context
        self.completion = completion
    }

    /// Encodes a context text (the LoRA MR form) and a completion text (the tokenised reference).
    public init(context: String, completion: String, tokenizer: GPT2Tokenizer) {
        let end = Int32(GPT2TokenIDs.endOfText)
        self.context = tokenizer.encodeInt32(context) + [end]
        self.completion = tokenizer.encodeInt32(" " + completion) + [end]
    }

    /// Encodes a pair from its LoRA context text and its tokenised reference.
    public init(_ pair: E2EPair, tokenizer: GPT2Tokenizer) {
        self.init(context: pair.mr.loraText, completion: pair.reference, tokenizer: tokenizer)
    }

    /// Context followed by completion.
    public var tokens: [Int32] { context + completion }

    /// The number of predicted positions the example fills when cut to `maxPositions`.
    public func positionCount(maxPositions: Int) -> Int {
        max(0, min(context.count + completion.count, maxPositions + 1) - 1)
    }
}
