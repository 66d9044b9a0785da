/// One micro-batch of right-padded sequences: `targets[i]` is the token predicted at position i,
/// counted in the loss where `lossMask[i]` is 1 (0 elsewhere, e.g. context and padding).
public struct Batch: Sendable, Hashable {
    public let inputs: [Int32]
    public let targets: [Int32]
    public let lossMask: [Float]
    public let batchSize: Int
    public let sequenceLength: Int

    public init(inputs: [Int32], targets: [Int32], lossMask: [Float], batchSize: Int, sequenceLength: Int) throws {
        guard batchSize > 0, sequenceLength > 0 else {
            throw GPT2Error.invalidBatch(reason: "batch size \(batchSize) and sequence length \(sequenceLength) must be positive")
        }
        let count = batchSize * sequenceLength
        for (name, n) in [("inputs", inputs.count), ("targets", targets.count), ("lossMask", lossMask.count)] where n != count {
            throw GPT2Error.invalidBatch(reason: "\(name) holds \(n) values, expected \(batchSize) x \(sequenceLength) = \(count)")
        }
        if let bad = lossMask.firstIndex(where: { $0 != 0 && $0 != 1 }) {
            throw GPT2Error.invalidBatch(reason: "lossMask at row \(bad / sequenceLength), position \(bad % sequenceLength) is \(lossMask[bad]), expected 0 or 1")
        }
        self.inputs = inputs
        self.targets = targets
        self.lossMask = lossMask
        self.batchSize = batchSize
        self.sequenceLength = sequenceLength
    }

    /// Positions counted in the loss.
    public var lossTokenCount: Int { lossMask.reduce(0) { $0 + ($1 != 0 ? 1 : 0) } }

    /// Checks every input id, and every target id the loss reads, against the vocabulary and positions.
    func validate(for config: GPT2Config) throws {
        guard sequenceLength <= config.nPositions else {
            throw GPT2Error.sequenceTooLong(length: sequenceLength, maximum: config.nPositions)
        }
        for i in 0..<inputs.count {
            if inputs[i] < 0 || Int(inputs[i]) >= config.vocabSize {
                throw GPT2Error.tokenOutOfRange(row: i / sequenceLength, position: i % sequenceLength,
                                                token: inputs[i], vocabSize: config.vocabSize)
            }
            if lossMask[i] != 0, targets[i] < 0 || Int(targets[i]) >= config.vocabSize {
                throw GPT2Error.tokenOutOfRange(row: i / sequenceLength, position: i % sequenceLength,
                                                token: targets[i], vocabSize: config.vocabSize)
            }
        }
    }
}

/// The summed loss over counted positions and how many there were.
public struct LossSum: Sendable, Hashable {
    public var sum: Double
    public var count: Int
    public var mean: Double { count > 0 ? sum / Double(count) : 0 }

    public init(sum: Double, count: Int) {
        self.sum = sum
        self.count = count
    }
}
