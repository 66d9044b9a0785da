import SeededRandom

/// Prefix tuning's hyperparameter (Li & Liang 2021, "PreLayer" in the LoRA paper): the number of key/value rows
/// prepended to the attention of every layer.
public struct PrefixOptions: Sendable, Hashable, Codable {
    public var length: Int

    public init(length: Int = 8) { self.length = length }

    /// Trainable values: per layer a key and a value row of width d per prefix position (GPT-2 M, length 8: 393,216).
    public func trainableParameterCount(config: GPT2Config) -> Int { config.nLayer * 2 * length * config.nEmbd }
}

/// The trained key/value prefix of every layer in one flat buffer laid out as HF PEFT's `prompt_embeddings`
/// [length, nLayer × 2 × d]: row p holds, per layer l, its key (columns 2l·d ..< (2l+1)·d, heads side by side)
/// then its value. So a layer's keys (or values) are `length` rows of d floats with a stride of 2·nLayer·d, and one
/// position's key and value of a layer are adjacent, as a `KVCache` slot holds them.
///
/// Every query attends to all prefix rows before its own sequence, and the sequence's tokens take positions
/// length ..< length + T (their position embeddings shift by the prefix), as both Li & Liang's code and PEFT run it:
/// the prefix is a `past_key_values` and GPT-2 numbers the tokens after it. A prefix therefore uses `length` of the
/// model's positions. Initialised N(0, 1) as PEFT's `nn.Embedding` is (without the reparameterisation MLP).
public struct PrefixAdapter: Sendable, Equatable {
    public let options: PrefixOptions
    public let layerCount: Int
    public let dim: Int
    public internal(set) var values: FloatBuffer

    /// PEFT's tensor name for the prefix in `adapter_model.safetensors`.
    public static let tensorName = "prompt_embeddings"

    public init(config: GPT2Config, options: PrefixOptions, seed: UInt64) {
        self.options = options
        layerCount = config.nLayer
        dim = config.nEmbd
        values = FloatBuffer(count: options.trainableParameterCount(config: config))
        var generator = SeededGenerator(seed: seed)
        let pointer = values.mutablePointer()
        for i in 0..<values.count { pointer[i] = Float(generator.nextNormal()) }
    }

    public var length: Int { options.length }

    /// Floats between one prefix position's row and the next.
    var stride: Int { 2 * layerCount * dim }

    /// Offset of layer `layer`'s key at position 0; its value follows after `dim` floats.
    func keyOffset(layer: Int) -> Int { 2 * layer * dim }

    /// The prefix as PEFT stores it: `prompt_embeddings` [length, nLayer × 2 × d].
    public func tensors() -> [String: HostTensor] {
        [Self.tensorName: HostTensor(shape: [length, stride], values: values.array)]
    }

    /// Replaces the values from `tensors`; a missing or mis-shaped tensor throws naming it.
    public mutating func load(_ tensors: [String: HostTensor]) throws {
        guard let tensor = tensors[Self.tensorName] else { throw GPT2Error.missingTensor(name: Self.tensorName) }
        guard tensor.shape == [length, stride] else {
            throw GPT2Error.wrongShape(name: Self.tensorName, expected: [length, stride], found: tensor.shape)
        }
        var staged = values
        let destination = staged.mutablePointer()
        tensor.values.withUnsafeBufferPointer { source in
            if let address = source.baseAddress { destination.update(from: address, count: source.count) }
        }
        values = staged
    }
}
