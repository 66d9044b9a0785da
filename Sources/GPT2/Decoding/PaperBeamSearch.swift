import Foundation

/// Beam search as the LoRA repository's `examples/NLG/src/gpt2_beam.py` runs it (beam 1 is its greedy search):
/// - score adjustments (repetition penalty, no-repeat n-grams) look at the *generated* tokens only, never the prompt;
/// - each step keeps the top `beams` (beam, token) pairs by summed log-probability (the first step expands beam 0 only);
/// - a kept hypothesis whose last token ends it becomes a candidate scored sum / generatedLength^lengthPenalty
///   (the end token counted) and leaves the beam; after `maxNewTokens` steps every live hypothesis is a candidate;
/// - the first candidate with the highest score wins.
/// The script never stops early; this search stops a prompt only once no live hypothesis can still win
/// (its score over the longest possible length's penalty is no better than the best candidate), which
/// returns exactly what running to the limit returns, since sums of log-probabilities only fall.
public enum PaperBeamSearch {
    /// Decodes every prompt in one batch; returns the new tokens of each, its end token included when it has one.
    /// `exhaustive` runs every prompt to `maxNewTokens` as the script does (for tests of the early stop).
    public static func decode<Model: NextTokenModel>(prompts: [[Int]], model: inout Model, options: DecodingOptions,
                                                      exhaustive: Bool = false) throws -> [[Int]] {
        try GreedySearch.validate(prompts: prompts, options: options)
        let vocabulary = model.vocabularySize
        let processing = LogitsProcessing(repetitionPenalty: options.repetitionPenalty,
                                          noRepeatNGramSize: options.noRepeatNGramSize)
        var searches = prompts.indices.map { PaperPromptSearch(firstRow: $0) }
        var logits = try model.start(prompts: prompts)
        for generated in 0..<options.maxNewTokens {
            let live = searches.indices.filter { !searches[$0].done }
            logits.withUnsafeMutableBufferPointer { all in
                searches.withUnsafeMutableBufferPointer { searches in
                    // A prompt's search reads and writes only its own rows, so the prompts split between the cores,
                    // each computed exactly as alone (one prompt's beams are about 30k scores of work).
                    RowPartition.forEach(count: live.count, minimumPerPart: max(1, 65_536 / max(1, options.beamWidth * vocabulary))) { range in
                        for index in live[range] {
                            searches[index].advance(logits: all, vocabulary: vocabulary, processing: processing,
                                                    generated: generated, options: options, exhaustive: exhaustive)
                        }
                    }
                }
            }
            var parents: [Int] = []
            var tokens: [Int] = []
            for index in live where !searches[index].done {
                searches[index].assignRows(startingAt: parents.count, parents: &parents, tokens: &tokens)
            }
            if parents.isEmpty { break }
            logits = try model.extend(parents: parents, tokens: tokens)
        }
        return searches.map { $0.best?.tokens ?? [] }
    }
}

/// One prompt's search in `PaperBeamSearch`.
struct PaperPromptSearch {
    /// Generated tokens, summed log-probability and model row of each live hypothesis, best first.
    var running: [[Int]] = [[]]
    var scores: [Float] = [0]
    var rows: [Int]
    var best: (score: Float, tokens: [Int])?
    var done = false

    init(firstRow: Int) {
        rows = [firstRow]
    }

    /// Adjusts each live hypothesis's logits row in place (the no-repeat ban over its generated tokens), turns it into
    /// log-probabilities and keeps the best (hypothesis, token) pairs by summed score.
    mutating func advance(logits all: UnsafeMutableBufferPointer<Float>, vocabulary: Int, processing: LogitsProcessing,
                          generated: Int, options: DecodingOptions, exhaustive: Bool) {
        // Top (beam, token) pairs by summed score; ties go to the lower beam, then the lower token, as a flattened index.
        // A score is (logit - logSumExp) + beam score, the log-softmax's own rounding, without storing the row.
        var top = TopK(capacity: options.beamWidth)
        for beam in running.indices {
            // A log-probability is at most 0 (up to exp's last-bit error at the maximum), so no token of a hypothesis
            // whose own score is not above the floor can enter: its row is not even normalised.
            if top.isFull && !(scores[beam] + 1e-3 * (1 + abs(scores[beam])) > top.floor) { continue }
            let row = UnsafeMutableBufferPointer(rebasing: all[rows[beam] * vocabulary..<(rows[beam] + 1) * vocabulary])
            processing.apply(to: row, sequence: running[beam])
            guard let base = row.baseAddress else { continue }
            let (logSum, maximum) = logSumExp(base, count: vocabulary)
            // No token of a row whose best score cannot pass the floor can enter (rounding is monotonic).
            if top.isFull && !((maximum - logSum) + scores[beam] > top.floor) { continue }
            top.offer(row: base, count: vocabulary, minus: logSum, plus: scores[beam], firstIndex: beam * vocabulary,
                      skippingMinusInfinity: true)
        }
        let length = generated + 1
        var nextRunning: [[Int]] = [], nextScores: [Float] = [], nextRows: [Int] = []
        for chosen in top.sortedDescending() {
            let beam = chosen.index / vocabulary, token = chosen.index % vocabulary
            let sequence = running[beam] + [token]
            if options.endTokens.contains(token) {
                offer(sequence, score: chosen.score, length: length, options: options)
            } else {
                nextRunning.append(sequence)
                nextScores.append(chosen.score)
                nextRows.append(rows[beam])
            }
        }
        running = nextRunning
        scores = nextScores
        rows = nextRows
        if length == options.maxNewTokens {
            for (sequence, score) in zip(running, scores) { offer(sequence, score: score, length: length, options: options) }
            done = true
        } else if running.isEmpty {
            done = true
        } else if !exhaustive, let best {
            // A live hypothesis can only lose score; its best possible candidate has the longest length's divisor.
            let divisor = Self.lengthDivisor(options.maxNewTokens, options.lengthPenalty)
            done = scores.allSatisfy { $0 / divisor <= best.score }
        }
    }

    /// A candidate replaces the best one only with a strictly higher score, so the first of equals wins.
    private mutating func offer(_ sequence: [Int], score: Float, length: Int, options: DecodingOptions) {
        let candidate = score / Self.lengthDivisor(length, options.lengthPenalty)
        if best == nil || best!.score < candidate { best = (candidate, sequence) }
    }

    static func lengthDivisor(_ length: Int, _ penalty: Double) -> Float {
        Float(pow(Double(length), penalty))
    }

    /// Gives the live hypotheses consecutive model rows in the next batch.
    mutating func assignRows(startingAt first: Int, parents: inout [Int], tokens: inout [Int]) {
        for beam in running.indices {
            parents.append(rows[beam])
            tokens.append(running[beam].last ?? 0)
            rows[beam] = first + beam
        }
    }
}
