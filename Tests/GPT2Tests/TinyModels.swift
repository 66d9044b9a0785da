@testable import GPT2
import SeededRandom

/// Small shapes and batches for the engine's tests: every check runs in well under a second.
enum TinyModels {
    /// Vocabulary 16, width 8, 2 layers, 2 heads, 5 positions.
    static func config(dropout: Float = 0) -> GPT2Config {
        GPT2Config(nLayer: 2, nHead: 2, nEmbd: 8, nPositions: 5, vocabSize: 16,
                   residDropout: dropout, attnDropout: dropout, embdDropout: dropout)
    }

    /// A random model whose LayerNorm and bias values are also random, so their gradients are non-trivial.
    static func model(config: GPT2Config = config(), seed: UInt64 = 7, scale: Float = 1) throws -> GPT2Model {
        var model = try GPT2Model(config: config, seed: seed)
        var generator = SeededGenerator(seed: seed &+ 1000)
        let base = model.parameters.mutablePointer()
        for entry in model.layout.entries {
            let values = base + entry.offset
            for i in 0..<entry.count {
                let noise = Float(generator.nextNormal())
                if entry.shape.count == 1 {
                    values[i] += 0.2 * noise
                } else {
                    values[i] = 0.3 * scale * noise
                }
            }
        }
        return model
    }

    /// Two right-padded rows of length 5: row 0 counts positions 1...4, row 1 counts 1...2 then pads.
    static func batch(vocab: Int = 16, seed: UInt64 = 3) throws -> Batch {
        var generator = SeededGenerator(seed: seed)
        let inputs = (0..<10).map { _ in Int32(generator.next() % UInt64(vocab)) }
        let targets = (0..<10).map { _ in Int32(generator.next() % UInt64(vocab)) }
        let mask: [Float] = [0, 1, 1, 1, 1, 0, 1, 1, 0, 0]
        return try Batch(inputs: inputs, targets: targets, lossMask: mask, batchSize: 2, sequenceLength: 5)
    }

    /// A LoRA adapter with random (non-zero) B so both A and B receive gradients.
    static func withRandomLoRA(_ model: GPT2Model, options: LoRAOptions, seed: UInt64 = 11) throws -> GPT2Model {
        var model = model
        try model.attachLoRA(options, seed: seed)
        var tensors = model.loraTensors()
        var generator = SeededGenerator(seed: seed &+ 1)
        // In name order: a dictionary's own order can differ between two equal dictionaries of one process.
        for name in tensors.keys.sorted() where name.hasSuffix(".B") {
            guard let tensor = tensors[name] else { continue }
            tensors[name] = HostTensor(shape: tensor.shape, values: tensor.values.map { _ in Float(0.3 * generator.nextNormal()) })
        }
        try model.loadLoRATensors(tensors)
        return model
    }
}
