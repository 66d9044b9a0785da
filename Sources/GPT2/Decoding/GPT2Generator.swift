/// Next-token logits from a `GPT2Model` in evaluation mode (no dropout) with a key/value cache, for the
/// greedy and beam searches. Works with a LoRA adapter merged or unmerged, and with a key/value prefix (every row's
/// first cached positions). The cache and activations are
/// reference storage reused across calls: copies of a generator share them. OpenBLAS runs single-threaded
/// inside `start` and `extend` (the decode kernels split their work between the cores themselves).
public struct GPT2Generator: NextTokenModel {
    public let model: GPT2Model
    /// New tokens the searches may ask for; with the prompt they must fit the context (see `promptCapacity`).
    public var maxNewTokens: Int
    /// Prompts longer than this keep only their last tokens (the LoRA paper truncates queries to 448 on the left).
    public var maxPromptLength: Int?

    private let pass: IncrementalPass
    private let head: TiedHead
    let cache: KVCache
    private let activations: DecodeActivations
    private var entryTokens: [Int32] = []
    private var entryRows: [Int] = []
    private var entryPositions: [Int] = []

    public init(model: GPT2Model, maxNewTokens: Int = 64, maxPromptLength: Int? = nil) {
        self.model = model
        self.maxNewTokens = maxNewTokens
        self.maxPromptLength = maxPromptLength
        pass = IncrementalPass(model: model)
        head = TiedHead(model: model)
        let config = model.config
        cache = KVCache(layers: config.nLayer, dim: config.nEmbd)
        let lora = model.isLoRAMerged ? nil : model.lora?.options
        activations = DecodeActivations(config: config, loraWidth: (lora?.rank ?? 0) * (lora?.targets.count ?? 0))
    }

    public var vocabularySize: Int { model.config.vocabSize }

    /// The longest prompt that fits: generating n tokens feeds the prompt and the first n - 1 new tokens
    /// back through the model, so prefix length + prompt length + maxNewTokens - 1 must not exceed n_positions.
    public var promptCapacity: Int { model.config.nPositions - model.prefixLength - maxNewTokens + 1 }

    /// The prompt's last `maxPromptLength` tokens, or the prompt itself.
    public func truncated(_ prompt: [Int]) -> [Int] {
        guard let limit = maxPromptLength, prompt.count > limit else { return prompt }
        return Array(prompt.suffix(max(0, limit)))
    }

    /// Decodes every prompt (left-truncated first) by the paper's or HF's rules, greedily or by beam search, as `options` says;
    /// returns the new tokens of each prompt, an end token included when one was produced.
    public mutating func generate(prompts: [[Int]], options: DecodingOptions) throws -> [[Int]] {
        maxNewTokens = options.maxNewTokens
        let inputs = prompts.map(truncated)
        if options.rules == .paper {
            return try PaperBeamSearch.decode(prompts: inputs, model: &self, options: options)
        }
        if options.beamWidth == 1 {
            return try GreedySearch.decode(prompts: inputs, model: &self, options: options)
        }
        return try BeamSearch.decode(prompts: inputs, model: &self, options: options)
    }

    public mutating func start(prompts: [[Int]]) throws -> [Float] {
        let threads = BLASThreads.count
        BLASThreads.set(1)
        defer { BLASThreads.set(threads) }
        for (index, prompt) in prompts.enumerated() {
            guard !prompt.isEmpty else { throw GenerationError("prompt \(index + 1) is empty: decoding needs at least one token") }
            guard prompt.count <= promptCapacity else {
                throw GenerationError("prompt \(index + 1) has \(prompt.count) tokens, but with \(maxNewTokens) new tokens "
                    + "the \(model.config.nPositions)-position context holds at most \(max(0, promptCapacity))"
                    + (model.prefix == nil ? "" : " after the \(model.prefixLength)-position prefix"))
            }
            try checkVocabulary(prompt, place: "prompt \(index + 1)")
        }
        let longest = prompts.map(\.count).max() ?? 0, before = model.prefixLength
        cache.reset(rows: prompts.count,
                    length: before + max(longest, min(model.config.nPositions - before, longest + maxNewTokens - 1)),
                    slots: before + prompts.reduce(0) { $0 + $1.count } + prompts.count * max(0, maxNewTokens - 1))
        if let prefix = model.prefix { cache.startRows(with: prefix) }
        activations.reserve(selectedRows: prompts.count)
        // Prompts of equal length prefill together; each pass holds whole prompts.
        var order: [Int: [Int]] = [:]
        for (index, prompt) in prompts.enumerated() { order[prompt.count, default: []].append(index) }
        let entryBudget = max(512, longest)
        for length in order.keys.sorted() {
            let group = order[length] ?? []
            let perPass = max(1, entryBudget / length)
            var first = 0
            while first < group.count {
                let members = group[first..<min(group.count, first + perPass)]
                entryTokens.removeAll(keepingCapacity: true)
                entryRows.removeAll(keepingCapacity: true)
                entryPositions.removeAll(keepingCapacity: true)
                for row in members {
                    for (position, token) in prompts[row].enumerated() {
                        entryTokens.append(Int32(token))
                        entryRows.append(row)
                        entryPositions.append(before + position)
                    }
                }
                runEntries()
                for (slot, row) in members.enumerated() {
                    cache.advance(row: row, by: length)
                    let last = activations.normalized + ((slot + 1) * length - 1) * model.config.nEmbd
                    (activations.selected + row * model.config.nEmbd).update(from: last, count: model.config.nEmbd)
                }
                first += perPass
            }
        }
        return logits(hidden: activations.selected, rows: prompts.count)
    }

    public mutating func extend(parents: [Int], tokens: [Int]) throws -> [Float] {
        guard parents.count == tokens.count else {
            throw GenerationError("extend got \(parents.count) parents but \(tokens.count) tokens")
        }
        if let bad = parents.firstIndex(where: { $0 < 0 || $0 >= cache.rowCount }) {
            throw GenerationError("row \(bad) continues row \(parents[bad]), but only \(cache.rowCount) rows exist")
        }
        try checkVocabulary(tokens, place: "extend")
        let threads = BLASThreads.count
        BLASThreads.set(1)
        defer { BLASThreads.set(threads) }
        cache.reorder(parents: parents)
        let lengths = cache.lengths
        if let full = lengths.firstIndex(where: { $0 >= model.config.nPositions }) {
            throw GenerationError("row \(full) already fills the \(model.config.nPositions)-position context")
        }
        cache.reserve(rows: parents.count, length: min(model.config.nPositions, (lengths.max() ?? 0) + 1))
        entryTokens = tokens.map { Int32($0) }
        entryRows = Array(parents.indices)
        entryPositions = lengths
        runEntries()
        for row in parents.indices { cache.advance(row: row, by: 1) }
        return logits(hidden: activations.normalized, rows: parents.count)
    }

    private func checkVocabulary(_ tokens: [Int], place: String) throws {
        if let bad = tokens.firstIndex(where: { $0 < 0 || $0 >= vocabularySize }) {
            throw GenerationError("\(place), token \(bad + 1): id \(tokens[bad]) is outside the vocabulary of \(vocabularySize)")
        }
    }

    /// One incremental pass over the staged entries.
    private func runEntries() {
        guard !entryTokens.isEmpty else { return }
        activations.reserve(entries: entryTokens.count, length: cache.lengthCapacity)
        entryTokens.withUnsafeBufferPointer { tokens in
            entryRows.withUnsafeBufferPointer { rows in
                entryPositions.withUnsafeBufferPointer { positions in
                    guard let t = tokens.baseAddress, let r = rows.baseAddress, let p = positions.baseAddress else { return }
                    pass.run(tokens: t, rows: r, positions: p, entries: tokens.count, cache: cache, activations: activations)
                }
            }
        }
    }

    private func logits(hidden: UnsafePointer<Float>, rows: Int) -> [Float] {
        head.logits(hidden: hidden, rows: rows)
    }
}
