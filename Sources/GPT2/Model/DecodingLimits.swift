import Foundation

/// Checks decoding settings against a model before anything is allocated, so an absurd request
/// (`--beam 100000`) is one line of error instead of an abort while allocating gigabytes.
public enum DecodingLimits {
    /// The widest beam accepted; the paper uses 10, and every beam costs a vocabulary-wide score row.
    public static let maximumBeamWidth = 1_000

    /// Bytes the search's largest buffers take: a score row per beam of every prompt (logits, log-probabilities
    /// and candidates), and the key/value cache over the whole context.
    public static func estimatedBytes(_ options: DecodingOptions, config: GPT2Config, prompts: Int) -> Double {
        let rows = Double(max(1, prompts)) * Double(max(1, options.beamWidth))
        let scoreRow = 3 * Double(config.vocabSize) * 4
        let cacheRow = 2 * Double(config.nLayer) * Double(config.nPositions) * Double(config.nEmbd) * 4
        return rows * (scoreRow + cacheRow)
    }

    /// Throws a `GenerationError` naming the first setting out of range for `config`.
    /// `memoryBudget` defaults to half of the machine's physical memory.
    public static func validate(_ options: DecodingOptions, config: GPT2Config, prompts: Int,
                                memoryBudget: Double = Double(ProcessInfo.processInfo.physicalMemory) / 2) throws {
        try validateSettings(options)
        guard options.beamWidth <= config.vocabSize else {
            throw GenerationError("beam width \(options.beamWidth) exceeds the vocabulary of \(config.vocabSize) tokens")
        }
        guard options.maxNewTokens <= config.nPositions else {
            throw GenerationError("max new tokens \(options.maxNewTokens) exceeds the model's \(config.nPositions) positions")
        }
        for token in options.endTokens where !(0..<config.vocabSize).contains(token) {
            throw GenerationError("end token \(token) is outside the vocabulary 0..<\(config.vocabSize)")
        }
        let bytes = estimatedBytes(options, config: config, prompts: prompts)
        guard bytes <= memoryBudget else {
            throw GenerationError(String(format: "beam width %d over %d prompt(s) would need about %.1f GB, more than the "
                                         + "%.1f GB budget (half of this machine's memory); use a narrower beam or fewer prompts",
                                         options.beamWidth, prompts, bytes / 1e9, memoryBudget / 1e9))
        }
    }

    /// The checks that need no model: ranges, signs and finiteness.
    public static func validateSettings(_ options: DecodingOptions) throws {
        guard (1...maximumBeamWidth).contains(options.beamWidth) else {
            throw GenerationError("beam width must be between 1 and \(maximumBeamWidth), got \(options.beamWidth)")
        }
        guard options.maxNewTokens >= 1 else {
            throw GenerationError("max new tokens must be at least 1, got \(options.maxNewTokens)")
        }
        guard options.lengthPenalty.isFinite else {
            throw GenerationError("length penalty must be a finite number, got \(options.lengthPenalty)")
        }
        guard options.repetitionPenalty.isFinite, options.repetitionPenalty > 0 else {
            throw GenerationError("repetition penalty must be a finite number above 0 (1 is off), got \(options.repetitionPenalty)")
        }
        guard options.noRepeatNGramSize >= 0 else {
            throw GenerationError("no-repeat n-gram size must be 0 (off) or more, got \(options.noRepeatNGramSize)")
        }
    }
}
