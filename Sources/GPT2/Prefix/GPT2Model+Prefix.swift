/// Attaching, exporting and loading the key/value prefix of a model (prefix tuning).
extension GPT2Model {
    /// Attaches a fresh prefix (N(0, 1) from `seed`), replacing any previous one; the prefix and at least one token
    /// must fit the model's positions.
    public mutating func attachPrefix(_ options: PrefixOptions, seed: UInt64) throws {
        guard options.length >= 1, options.length < config.nPositions else {
            throw GPT2Error.invalidConfig(reason: "prefix length \(options.length) must be in 1...\(config.nPositions - 1) "
                + "(it takes positions from the model's \(config.nPositions))")
        }
        if let hidden = options.projection, hidden < 1 {
            throw GPT2Error.invalidConfig(reason: "prefix projection size \(hidden) must be at least 1")
        }
        prefix = PrefixAdapter(config: config, options: options, seed: seed)
    }

    /// Removes the prefix.
    public mutating func detachPrefix() { prefix = nil }

    /// The prefix (`prompt_embeddings`, and the MLP's parameters while it trains); empty without one.
    public func prefixTensors() -> [String: HostTensor] { prefix?.tensors() ?? [:] }

    /// Loads the attached prefix's values.
    public mutating func loadPrefixTensors(_ tensors: [String: HostTensor]) throws {
        guard var adapter = prefix else {
            throw GPT2Error.invalidConfig(reason: "the model has no prefix attached")
        }
        try adapter.load(tensors)
        prefix = adapter
    }

    /// Positions the prefix takes before every sequence (0 without one).
    public var prefixLength: Int { prefix?.length ?? 0 }

    /// Checks that a batch's sequences fit the positions the prefix leaves.
    func checkFits(_ batch: Batch) throws {
        try batch.validate(for: config)
        guard batch.sequenceLength + prefixLength <= config.nPositions else {
            throw GPT2Error.sequenceTooLong(length: batch.sequenceLength, maximum: config.nPositions - prefixLength)
        }
    }
}
