import Foundation

/// Beam search with the semantics of Hugging Face `generate` (transformers 5.x, `early_stopping=False`):
/// top (1 + end tokens, at least 2) x beams candidates per step, finished hypotheses scored
/// sum(log p) / generatedLength^lengthPenalty, and HF's heuristic for when no running beam can win.
/// Prompts decode together; a prompt's rows leave the batch as soon as its search is done.
public enum BeamSearch {
    /// HF's stand-in for minus infinity in beam bookkeeping; kept so float results match.
    static let excluded: Float = -1.0e9

    public static func decode<Model: NextTokenModel>(prompts: [[Int]], model: inout Model,
                                                      options: DecodingOptions) throws -> [[Int]] {
        try GreedySearch.validate(prompts: prompts, options: options)
        let vocabulary = model.vocabularySize
        let beams = options.beamWidth
        let candidatesPerStep = max(2, 1 + options.endTokens.count) * beams
        guard vocabulary * beams >= candidatesPerStep else {
            throw GenerationError("vocabulary of \(vocabulary) is too small for beam width \(beams)")
        }
        let processing = LogitsProcessing(repetitionPenalty: options.repetitionPenalty,
                                          noRepeatNGramSize: options.noRepeatNGramSize)
        var searches = prompts.enumerated().map { index, prompt in
            PromptSearch(prompt: prompt, beams: beams, firstRow: index)
        }
        var logits = try model.start(prompts: prompts)
        var generated = 0
        while true {
            let live = searches.indices.filter { !searches[$0].done }
            logits.withUnsafeMutableBufferPointer { all in
                searches.withUnsafeMutableBufferPointer { searches in
                    // A prompt's search reads and writes only its own rows, so the prompts split between the cores,
                    // each computed exactly as alone.
                    RowPartition.forEach(count: live.count, minimumPerPart: max(1, 65_536 / max(1, beams * vocabulary))) { range in
                        for index in live[range] {
                            searches[index].prepareRows(all, vocabulary: vocabulary, processing: processing)
                            searches[index].advance(logProbabilities: UnsafeBufferPointer(all), vocabulary: vocabulary,
                                                    candidates: candidatesPerStep, generated: generated, options: options)
                        }
                    }
                }
            }
            var parents: [Int] = []
            var tokens: [Int] = []
            for index in live where !searches[index].done {
                searches[index].assignRows(startingAt: parents.count, parents: &parents, tokens: &tokens)
            }
            generated += 1
            if parents.isEmpty { break }
            logits = try model.extend(parents: parents, tokens: tokens)
        }
        return searches.map(\.best)
    }
}

/// One prompt's beam search state.
struct PromptSearch {
    let prompt: [Int]
    let beams: Int
    /// Generated tokens of each running beam, best first.
    var running: [[Int]]
    var runningScores: [Float]
    /// Model row of each running beam.
    var rows: [Int]
    var finished: [(score: Float, tokens: [Int], isFinished: Bool)]
    var improvementPossible = true
    var done = false

    init(prompt: [Int], beams: Int, firstRow: Int) {
        self.prompt = prompt
        self.beams = beams
        running = Array(repeating: [], count: beams)
        // Only the first beam is live at the start; the copies wait at HF's excluded score.
        runningScores = [0] + Array(repeating: BeamSearch.excluded, count: beams - 1)
        rows = Array(repeating: firstRow, count: beams)
        finished = Array(repeating: (BeamSearch.excluded, [], false), count: beams)
    }

    var best: [Int] { finished[0].tokens }

    /// Log-probabilities and adjustments, once per model row of this search (its beams share one row at the start).
    func prepareRows(_ all: UnsafeMutableBufferPointer<Float>, vocabulary: Int, processing: LogitsProcessing) {
        for (beam, row) in rows.enumerated() where !rows[..<beam].contains(row) {
            let scores = UnsafeMutableBufferPointer(rebasing: all[row * vocabulary..<(row + 1) * vocabulary])
            logSoftmaxInPlace(scores)
            processing.apply(to: scores, sequence: prompt + running[beam])
        }
    }

    mutating func advance(logProbabilities all: UnsafeBufferPointer<Float>, vocabulary: Int, candidates k: Int,
                          generated: Int, options: DecodingOptions) {
        // Top k (beam, token) pairs by accumulated score; ties go to the lower flattened index, beam-major.
        var top = TopK(capacity: k)
        if let first = all.baseAddress {
            for beam in 0..<beams {
                top.offer(row: first + rows[beam] * vocabulary, count: vocabulary, minus: 0, plus: runningScores[beam],
                          firstIndex: beam * vocabulary, skippingMinusInfinity: false)
            }
        }
        let chosen = top.sortedDescending()
        let atLengthLimit = generated + 1 >= options.maxNewTokens
        let hitsStop = chosen.map { atLengthLimit || options.endTokens.contains($0.index % vocabulary) }
        let sequences = chosen.map { running[$0.index / vocabulary] + [$0.index % vocabulary] }
        let parentRows = chosen.map { rows[$0.index / vocabulary] }

        // Next running beams: the best candidates that did not stop.
        let runningCandidates = chosen.indices.map { chosen[$0].score + (hitsStop[$0] ? BeamSearch.excluded : 0) }
        let next = stableTopIndices(runningCandidates, count: beams)
        running = next.map { sequences[$0] }
        runningScores = next.map { runningCandidates[$0] }
        rows = next.map { parentRows[$0] }

        // Finished hypotheses: only stops among the first `beams` candidates count.
        let lengthScale = Float(pow(Double(generated + 1), options.lengthPenalty))
        var merged = finished
        for (rank, candidate) in chosen.enumerated() {
            var score = candidate.score / lengthScale
            if !improvementPossible { score += BeamSearch.excluded }
            let justFinished = hitsStop[rank] && rank < beams
            if !justFinished { score += BeamSearch.excluded }
            merged.append((score, sequences[rank], justFinished))
        }
        finished = stableTopIndices(merged.map(\.score), count: beams).map { merged[$0] }

        // HF's heuristic: stop once the best running beam, at its current length, cannot beat the worst finished one.
        let bestPossible = runningScores[0] / Float(pow(Double(generated + 1), options.lengthPenalty))
        let worstFinished = finished.map(\.score).min() ?? BeamSearch.excluded
        let canImprove = finished.contains { bestPossible > ($0.isFinished ? worstFinished : BeamSearch.excluded) }
        improvementPossible = improvementPossible && canImprove
        done = !improvementPossible || hitsStop.allSatisfy { $0 }
    }

    /// Gives the running beams consecutive model rows in the next batch.
    mutating func assignRows(startingAt first: Int, parents: inout [Int], tokens: inout [Int]) {
        for beam in 0..<beams {
            parents.append(rows[beam])
            tokens.append(running[beam].last ?? 0)
            rows[beam] = first + beam
        }
    }
}

/// Indices of the `count` largest values, largest first; equal values keep their original order.
func stableTopIndices(_ values: [Float], count: Int) -> [Int] {
    Array(values.indices.sorted { values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1) }.prefix(count))
}

/// The k best (score, index) pairs of a stream, without sorting the stream.
struct TopK {
    let capacity: Int
    private(set) var items: [(score: Float, index: Int)] = []
    /// Once full, the lowest kept score: only a higher one can enter.
    private(set) var floor = -Float.infinity

    init(capacity: Int) {
        self.capacity = capacity
        items.reserveCapacity(capacity + 1)
    }

    var isFull: Bool { items.count == capacity }

    @inline(__always)
    mutating func offer(score: Float, index: Int) {
        if items.count == capacity && !(score > floor) { return }
        // Insert keeping descending score; a later index never displaces an equal earlier one.
        var position = items.count
        while position > 0 && items[position - 1].score < score { position -= 1 }
        items.insert((score, index), at: position)
        if items.count > capacity { items.removeLast() }
        if items.count == capacity { floor = items[capacity - 1].score }
    }

    /// Offers (row[t] - shift) + offset with index firstIndex + t for every t (above minus infinity only, if asked), in
    /// order of t: the same as offering them one by one. Once full, a value at or below `entryBound` cannot make a score
    /// above the floor, so only the few above it are scored.
    mutating func offer(row: UnsafePointer<Float>, count: Int, minus shift: Float, plus offset: Float, firstIndex: Int,
                        skippingMinusInfinity: Bool) {
        var t = 0
        while t < count && !isFull {
            let score = (row[t] - shift) + offset
            if !skippingMinusInfinity || score > -.infinity { offer(score: score, index: firstIndex + t) }
            t += 1
        }
        var bound = entryBound(shift: shift, offset: offset)
        while t < count {
            if row[t] > bound {
                let score = (row[t] - shift) + offset
                if score > floor {
                    offer(score: score, index: firstIndex + t)
                    bound = entryBound(shift: shift, offset: offset)
                }
            }
            t += 1
        }
    }

    /// A value x <= this gives (x - shift) + offset <= floor: the floor moved back into the values' scale, less a
    /// margin far above the few roundings either way (a relative 1e-3 against float's 6e-8), or minus infinity
    /// (no bound) when that is not finite.
    private func entryBound(shift: Float, offset: Float) -> Float {
        let margin = 1e-3 * (abs(floor) + abs(offset) + abs(shift)) + 1e-30
        let bound = ((floor - offset) + shift) - margin
        return bound.isFinite ? bound : -.infinity
    }

    func sortedDescending() -> [(score: Float, index: Int)] { items }
}
