import SeededRandom

/// Where a bottleneck adapter enters a transformer block (see `TransformerPass` and `IncrementalPass`).
enum AdapterPoint: Sendable, CaseIterable {
    /// On the attention branch, after its output projection and its residual dropout, before the residual add.
    case attention
    /// On the MLP branch, after its output projection and its residual dropout, before the residual add.
    case mlp
    /// On the block's output, after the MLP residual add.
    case block
}

/// Bottleneck adapters: per point, x <- x + up(f(down(norm(x)))), down [d, m], up [m, d], m the bottleneck size.
/// - `houlsby` (AdapterH, Houlsby et al. 2019): one adapter on the attention branch and one on the MLP branch of
///   every block, after each output projection and its dropout, before the residual add (in training the adapter
///   sees the dropped branch and its output is not dropped, as in adapter-bert's dense, dropout, adapter, add and in
///   AdapterHub; see `TransformerPass.addBranch`); f is GELU (tanh form, as GPT-2's and as adapter-bert uses), no
///   norm of its own. The paper also trains the LayerNorms; here only the adapters train
///   (the LoRA paper's AdapterH count of 11.09M is dominated by the adapters either way).
/// - `lin` (AdapterL, Lin et al. 2020): one adapter on each block's output, with its own LayerNorm before the
///   down-projection, f = ReLU.
/// Both: down-projection Kaiming-uniform as `nn.Linear` (bound 1/sqrt(d)), up-projection and biases zero, LayerNorm
/// gain one, so a fresh adapter leaves the model's output unchanged (Houlsby's near-identity initialisation).
public struct BottleneckOptions: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case houlsby, lin
    }

    public var kind: Kind
    public var size: Int

    public init(kind: Kind, size: Int) {
        self.kind = kind
        self.size = size
    }

    /// The points of every block, in the order their weights are stored.
    var points: [AdapterPoint] { kind == .houlsby ? [.attention, .mlp] : [.block] }
    var hasNorm: Bool { kind == .lin }
    var activation: Bottleneck.Activation { kind == .houlsby ? .gelu : .relu }

    /// Values of one adapter: [LayerNorm gain, bias], down weight and bias, up weight and bias.
    func slotCount(dim d: Int) -> Int { (hasNorm ? 2 * d : 0) + 2 * d * size + size + d }

    /// Trainable values (GPT-2 M, d 1024, 24 layers: houlsby m 16: 1,622,784; lin m 16: 860,544).
    public func trainableParameterCount(config: GPT2Config) -> Int {
        config.nLayer * points.count * slotCount(dim: config.nEmbd)
    }

    /// Label used in tables: "AdapterH (m 16)".
    public var label: String { "\(kind == .houlsby ? "AdapterH" : "AdapterL") (m \(size))" }
}

/// The weights of every bottleneck adapter of a model in one flat buffer: per layer, per point, its slot.
public struct BottleneckAdapter: Sendable, Equatable {
    public let options: BottleneckOptions
    public let layerCount: Int
    public let dim: Int
    public internal(set) var values: FloatBuffer

    /// Offsets of one adapter's tensors in `values`.
    struct Slot {
        var normWeight: Int?
        var normBias: Int?
        var downWeight: Int, downBias: Int, upWeight: Int, upBias: Int
    }

    public init(config: GPT2Config, options: BottleneckOptions, seed: UInt64) {
        self.options = options
        layerCount = config.nLayer
        dim = config.nEmbd
        values = FloatBuffer(count: options.trainableParameterCount(config: config))
        var generator = SeededGenerator(seed: seed)
        let pointer = values.mutablePointer()
        for layer in 0..<layerCount {
            for point in options.points {
                guard let slot = slot(layer: layer, point: point) else { continue }
                if let norm = slot.normWeight { (pointer + norm).update(repeating: 1, count: dim) }
                generator.fillKaimingUniform(pointer + slot.downWeight, count: dim * options.size, fanIn: dim)
            }
        }
    }

    /// The adapter at `point` of `layer`, nil when this kind has none there.
    func slot(layer: Int, point: AdapterPoint) -> Slot? {
        guard let index = options.points.firstIndex(of: point) else { return nil }
        let d = dim, m = options.size
        var at = (layer * options.points.count + index) * options.slotCount(dim: d)
        var slot = Slot(normWeight: nil, normBias: nil, downWeight: 0, downBias: 0, upWeight: 0, upBias: 0)
        if options.hasNorm {
            slot.normWeight = at
            slot.normBias = at + d
            at += 2 * d
        }
        slot.downWeight = at
        slot.downBias = at + d * m
        slot.upWeight = slot.downBias + m
        slot.upBias = slot.upWeight + m * d
        return slot
    }

    static func pointName(_ point: AdapterPoint) -> String {
        switch point {
        case .attention: return "attn_adapter"
        case .mlp: return "mlp_adapter"
        case .block: return "adapter"
        }
    }

    /// Tensors with their names and shapes: `transformer.h.{i}.{attn_adapter|mlp_adapter|adapter}.{ln.weight, ln.bias,
    /// down.weight [d, m], down.bias, up.weight [m, d], up.bias}` (weights stored [in, out] as GPT-2's Conv1D).
    func entries() -> [(name: String, shape: [Int], offset: Int)] {
        let d = dim, m = options.size
        var result: [(name: String, shape: [Int], offset: Int)] = []
        for layer in 0..<layerCount {
            for point in options.points {
                guard let slot = slot(layer: layer, point: point) else { continue }
                let prefix = "transformer.h.\(layer).\(Self.pointName(point))."
                if let weight = slot.normWeight, let bias = slot.normBias {
                    result.append((prefix + "ln.weight", [d], weight))
                    result.append((prefix + "ln.bias", [d], bias))
                }
                result.append((prefix + "down.weight", [d, m], slot.downWeight))
                result.append((prefix + "down.bias", [m], slot.downBias))
                result.append((prefix + "up.weight", [m, d], slot.upWeight))
                result.append((prefix + "up.bias", [d], slot.upBias))
            }
        }
        return result
    }

    public func tensors() -> [String: HostTensor] {
        var result: [String: HostTensor] = [:]
        for entry in entries() {
            let count = entry.shape.reduce(1, *)
            result[entry.name] = HostTensor(shape: entry.shape, values: values[entry.offset..<(entry.offset + count)])
        }
        return result
    }

    /// Replaces every tensor from `tensors`; a missing or mis-shaped tensor throws naming it.
    public mutating func load(_ tensors: [String: HostTensor]) throws {
        var staged = values
        let destination = staged.mutablePointer()
        for entry in entries() {
            guard let tensor = tensors[entry.name] else { throw GPT2Error.missingTensor(name: entry.name) }
            guard tensor.shape == entry.shape else {
                throw GPT2Error.wrongShape(name: entry.name, expected: entry.shape, found: tensor.shape)
            }
            tensor.values.withUnsafeBufferPointer { source in
                if let address = source.baseAddress { (destination + entry.offset).update(from: address, count: source.count) }
            }
        }
        values = staged
    }
}

extension GPT2Model {
    /// Attaches fresh bottleneck adapters (down-projections from `seed`, up-projections zero), replacing any.
    public mutating func attachAdapter(_ options: BottleneckOptions, seed: UInt64) throws {
        guard (1...config.nEmbd).contains(options.size) else {
            throw GPT2Error.invalidConfig(reason: "adapter bottleneck size \(options.size) must be in 1...\(config.nEmbd) (the model's width)")
        }
        adapter = BottleneckAdapter(config: config, options: options, seed: seed)
    }

    /// Loads every tensor of the attached adapter (names as `BottleneckAdapter.tensors()`).
    public mutating func loadAdapterTensors(_ tensors: [String: HostTensor]) throws {
        guard var current = adapter else {
            throw GPT2Error.invalidConfig(reason: "no bottleneck adapter is attached to load tensors into")
        }
        try current.load(tensors)
        adapter = current
    }
}
