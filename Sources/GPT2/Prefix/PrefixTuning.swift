import SeededRandom

/// Prefix tuning's hyperparameters (Li & Liang 2021, "PreLayer" in the LoRA paper): the number of key/value rows
/// prepended to the attention of every layer, and optionally the hidden size H of the reparameterisation MLP that
/// trains them (`PrefixProjection`, PEFT's `prefix_projection` with `encoder_hidden_size` H).
public struct PrefixOptions: Sendable, Hashable, Codable {
    public var length: Int
    /// Hidden size of the reparameterisation MLP; nil: the key/value prefix itself trains.
    public var projection: Int?

    public init(length: Int = 8, projection: Int? = nil) {
        self.length = length
        self.projection = projection
    }

    /// "prefix 8", or "prefix 8 (MLP 512)" with a projection.
    public var label: String { "prefix \(length)" + (projection.map { " (MLP \($0))" } ?? "") }

    /// Trainable values: per layer a key and a value row of width d per prefix position (GPT-2 M, length 8: 393,216);
    /// with a projection, the embedding and the MLP's weights and biases instead.
    public func trainableParameterCount(config: GPT2Config) -> Int {
        let output = config.nLayer * 2 * config.nEmbd
        guard let projection else { return length * output }
        return PrefixProjection.parameterCount(length: length, dim: config.nEmbd, hidden: projection, output: output)
    }
}

/// The trained key/value prefix of every layer in one flat buffer laid out as HF PEFT's `prompt_embeddings`
/// [length, nLayer × 2 × d]: row p holds, per layer l, its key (columns 2l·d ..< (2l+1)·d, heads side by side)
/// then its value. So a layer's keys (or values) are `length` rows of d floats with a stride of 2·nLayer·d, and one
/// position's key and value of a layer are adjacent, as a `KVCache` slot holds them.
///
/// Every query attends to all prefix rows before its own sequence, and the sequence's tokens take positions
/// length ..< length + T (their position embeddings shift by the prefix), as both Li & Liang's code and PEFT run it:
/// the prefix is a `past_key_values` and GPT-2 numbers the tokens after it. A prefix therefore uses `length` of the
/// model's positions. Initialised N(0, 1) as PEFT's `nn.Embedding` is; with `options.projection`, computed by the
/// reparameterisation MLP (`projection`), whose parameters are then what trains.
public struct PrefixAdapter: Sendable, Equatable {
    public internal(set) var options: PrefixOptions
    public let layerCount: Int
    public let dim: Int
    public internal(set) var values: FloatBuffer
    /// The reparameterisation MLP while it trains; nil without one, and after loading a saved prefix (PEFT saves
    /// only its output: Li & Liang drop the MLP after training).
    public internal(set) var projection: PrefixProjection?

    /// PEFT's tensor name for the prefix in `adapter_model.safetensors`.
    public static let tensorName = "prompt_embeddings"

    public init(config: GPT2Config, options: PrefixOptions, seed: UInt64) {
        self.options = options
        layerCount = config.nLayer
        dim = config.nEmbd
        values = FloatBuffer(count: options.length * 2 * layerCount * dim)
        if let hidden = options.projection {
            let mlp = PrefixProjection(length: options.length, dim: dim, hidden: hidden, output: 2 * layerCount * dim,
                                       seed: seed)
            mlp.project(into: values.mutablePointer())
            projection = mlp
            return
        }
        var generator = SeededGenerator(seed: seed)
        let pointer = values.mutablePointer()
        for i in 0..<values.count { pointer[i] = Float(generator.nextNormal()) }
    }

    /// True when training with `options` continues this prefix: same length, and the same MLP (or none). A prefix
    /// loaded from its saved output has no MLP left to train (PEFT cannot resume one either).
    public func trains(as options: PrefixOptions) -> Bool {
        options.length == length && options.projection == projection?.hidden
    }

    /// What the optimizer steps: the values, or the MLP's parameters (`PrefixProjection.parameters`' layout).
    public var trainableCount: Int { projection?.parameters.count ?? values.count }

    var trainablePointer: UnsafePointer<Float> { projection?.parameters.pointer ?? values.pointer }

    /// Lets `update` change the trainable values in place, then recomputes the prefix from the MLP if there is one.
    mutating func updateTrainable(_ update: (UnsafeMutablePointer<Float>) -> Void) {
        guard var mlp = projection else { return update(values.mutablePointer()) }
        projection = nil
        update(mlp.parameters.mutablePointer())
        mlp.project(into: values.mutablePointer())
        projection = mlp
    }

    /// With the MLP, adds its parameters' gradients to `gradients` from the prefix's (`valueGradients`, the values'
    /// layout); without it the prefix's gradients are the trainable ones and this does nothing.
    func backward(valueGradients: UnsafePointer<Float>, into gradients: UnsafeMutablePointer<Float>) {
        projection?.backward(valueGradients: valueGradients, into: gradients)
    }

    public var length: Int { options.length }

    /// Floats between one prefix position's row and the next.
    var stride: Int { 2 * layerCount * dim }

    /// Offset of layer `layer`'s key at position 0; its value follows after `dim` floats.
    func keyOffset(layer: Int) -> Int { 2 * layer * dim }

    /// The prefix as PEFT saves it: `prompt_embeddings` [length, nLayer × 2 × d] (with a projection, its output).
    public func savedTensors() -> [String: HostTensor] {
        [Self.tensorName: HostTensor(shape: [length, stride], values: values.array)]
    }

    /// The saved prefix and, while it trains, the MLP's parameters under PEFT's `PrefixEncoder` names.
    public func tensors() -> [String: HostTensor] {
        savedTensors().merging(projection?.tensors() ?? [:]) { saved, _ in saved }
    }

    /// Replaces the values from `tensors`: with an MLP attached and its parameters in `tensors`, those (and the
    /// prefix is recomputed from them); else `prompt_embeddings`, dropping any MLP (the prefix is then its saved
    /// output). A missing or mis-shaped tensor throws naming it.
    public mutating func load(_ tensors: [String: HostTensor]) throws {
        if var mlp = projection, PrefixProjection.isHeld(in: tensors) {
            try mlp.load(tensors)
            mlp.project(into: values.mutablePointer())
            projection = mlp
            return
        }
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
        projection = nil
    }
}
