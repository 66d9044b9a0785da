import GPT2TokenIDs

/// The model side of decoding: rows of hypotheses whose prefixes the model keeps (a KV cache),
/// and next-token logits for each row.
public protocol NextTokenModel {
    var vocabularySize: Int { get }

    /// Starts one row per prompt; returns the next-token logits of every row, row-major [rows × vocabularySize].
    mutating func start(prompts: [[Int]]) throws -> [Float]

    /// Rebuilds the rows (new row i continues old row `parents[i]`), appends `tokens[i]` to row i,
    /// and returns the next-token logits of the new rows.
    mutating func extend(parents: [Int], tokens: [Int]) throws -> [Float]
}

/// Whose search rules a decoding follows. The two differ where the LoRA paper's script departs from HF.
public enum DecodingRules: String, Sendable, Hashable, CaseIterable {
    /// The LoRA repository's `gpt2_beam.py` (`PaperBeamSearch`): n-grams banned over the generated tokens only,
    /// every hypothesis that ends becomes a candidate and leaves the beam, no early stop.
    case paper
    /// Hugging Face `generate` (`GreedySearch`, `BeamSearch`): n-grams banned over prompt + output,
    /// 2 x beams candidates per step, HF's stopping heuristic.
    case hf
}

/// How to decode: the search rules, the beam and the score adjustments.
public struct DecodingOptions: Sendable, Hashable {
    public var rules: DecodingRules
    /// 1 decodes greedily.
    public var beamWidth: Int
    /// A finished hypothesis scores sum(log p) / generatedLength^lengthPenalty.
    public var lengthPenalty: Double
    /// 0 disables; n bans any token that would repeat an n-gram: of the output (`paper`) or of prompt + output (`hf`).
    public var noRepeatNGramSize: Int
    /// 1 disables; > 1 makes tokens already in the sequence less likely.
    public var repetitionPenalty: Float
    public var maxNewTokens: Int
    /// Any of these ends a hypothesis (the token is kept in the output).
    public var endTokens: [Int]

    public init(rules: DecodingRules = .paper, beamWidth: Int = 1, lengthPenalty: Double = 1.0, noRepeatNGramSize: Int = 0,
                repetitionPenalty: Float = 1.0, maxNewTokens: Int = 64, endTokens: [Int] = [GPT2TokenIDs.endOfText]) {
        self.rules = rules
        self.beamWidth = beamWidth
        self.lengthPenalty = lengthPenalty
        self.noRepeatNGramSize = noRepeatNGramSize
        self.repetitionPenalty = repetitionPenalty
        self.maxNewTokens = maxNewTokens
        self.endTokens = endTokens
    }
}

/// Decoding that cannot start: the message names what is wrong.
public struct GenerationError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
