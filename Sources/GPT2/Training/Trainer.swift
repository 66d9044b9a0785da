import Foundation
import SeededRandom

/// Full fine-tuning (every base weight trains), LoRA (only the adapter trains; base weights frozen), a selective
/// method that trains some base weights only (`BaseSelection`): BitFit's biases, or the top k blocks (FT-top2 at k = 2),
/// bottleneck adapters inside every block (AdapterH, AdapterL: `BottleneckOptions`; base weights frozen), prefix
/// tuning (only a key/value prefix in every layer trains), or LoRA and a prefix together.
public enum TrainingMethod: Sendable, Hashable {
    case full
    case lora(LoRAOptions)
    case bitfit
    case topBlocks(Int)
    case adapter(BottleneckOptions)
    case prefix(PrefixOptions)
    case loraPrefix(LoRAOptions, PrefixOptions)

    /// The LoRA adapter the method trains, if any.
    public var loraOptions: LoRAOptions? {
        switch self {
        case .lora(let options), .loraPrefix(let options, _): return options
        default: return nil
        }
    }

    /// The key/value prefix the method trains, if any.
    public var prefixOptions: PrefixOptions? {
        switch self {
        case .prefix(let options), .loraPrefix(_, let options): return options
        default: return nil
        }
    }
}

/// What one optimizer step did.
public struct StepResult: Sendable, Hashable {
    /// Mean over micro-batches of each micro-batch's mean loss over its counted positions.
    public var loss: Double
    /// Counted (loss) positions and all positions processed.
    public var lossTokens: Int
    public var tokens: Int
    public var seconds: Double
    public var learningRate: Float
    /// Global gradient norm before clipping.
    public var gradientNorm: Double
}

/// Trains a model: forward and backward over micro-batches into gradient buffers, optional global-norm
/// clipping, then AdamW at the scheduled learning rate. Frozen weights have no gradient or optimizer buffers.
public struct Trainer {
    public private(set) var model: GPT2Model
    public let method: TrainingMethod
    public let schedule: LearningRateSchedule
    public let labelSmoothing: Float
    public let maxGradientNorm: Float?
    public private(set) var stepCount = 0
    private var optimizer: AdamW
    private var gradients: FloatBuffer
    var generator: SeededGenerator
    private var arena: ActivationArena?
    /// Wall time by phase over the steps taken while `StepProfile.isEnabled` was on.
    public private(set) var profile = StepProfile()
    /// Selective methods: the trained base ranges, their full-layout gradients, and the trained values gathered
    /// (also LoRA's then the prefix's values under `.loraPrefix`).
    private let selection: BaseSelection?
    private var baseGradients = FloatBuffer(count: 0)
    private var selectedValues = FloatBuffer(count: 0)
    /// With a reparameterisation MLP: the key/value prefix's gradients, carried back through the MLP after the batches.
    private var prefixValueGradients = FloatBuffer(count: 0)
    /// Set when several processes train together; nil: this process computes every row of every micro-batch.
    public var dataParallelism: DataParallelism?

    /// With `.lora` (`.adapter`), attaches a fresh adapter initialised from `seed` unless one with the same options is
    /// attached; with `.prefix`, a fresh prefix likewise (from a seed derived from `seed`) unless the attached one
    /// `trains(as:)` the options; `.loraPrefix` does both.
    /// Methods that are not `.adapter` refuse a model carrying bottleneck adapters (they would run untrained), and
    /// methods that train neither LoRA nor a prefix refuse a model carrying a prefix.
    public init(model: GPT2Model, method: TrainingMethod, optimizer options: AdamWOptions = AdamWOptions(),
                schedule: LearningRateSchedule, seed: UInt64, labelSmoothing: Float = 0,
                maxGradientNorm: Float? = nil) throws {
        var model = model
        if case .adapter(let adapterOptions) = method {
            if model.lora != nil && !model.isLoRAMerged {
                throw GPT2Error.loRAMismatch(reason: "training adapters needs the attached LoRA adapter merged first")
            }
            if model.adapter?.options != adapterOptions { try model.attachAdapter(adapterOptions, seed: seed) }
        } else if model.adapter != nil {
            throw GPT2Error.invalidConfig(reason: "the model carries bottleneck adapters; only the .adapter method trains it")
        }
        switch method {
        case .full:
            if model.lora != nil && !model.isLoRAMerged {
                throw GPT2Error.loRAMismatch(reason: "full fine-tuning needs the attached LoRA adapter merged first")
            }
        case .lora, .loraPrefix, .adapter:
            break
        case .bitfit, .topBlocks:
            if model.lora != nil && !model.isLoRAMerged {
                throw GPT2Error.loRAMismatch(reason: "training base weights needs the attached LoRA adapter merged first")
            }
        case .prefix:
            if model.lora != nil && !model.isLoRAMerged {
                throw GPT2Error.loRAMismatch(reason: "prefix tuning alone needs the attached LoRA adapter merged first")
            }
        }
        if let loraOptions = method.loraOptions {
            if model.lora?.options != loraOptions { try model.attachLoRA(loraOptions, seed: seed) }
            model.unmerge()
        }
        if let prefixOptions = method.prefixOptions {
            if model.prefix?.trains(as: prefixOptions) != true {
                try model.attachPrefix(prefixOptions, seed: seed ^ 0x9EF1_0000_0000_0001)
            }
        } else if model.prefix != nil, method.loraOptions == nil {
            throw GPT2Error.invalidConfig(reason: "the model carries a key/value prefix; only .prefix, .loraPrefix and .lora train with it")
        }
        let selection = try Self.selection(model: model, method: method)
        if let selection {
            baseGradients = FloatBuffer(count: model.parameterCount)
            selectedValues = FloatBuffer(count: selection.count)
        }
        if method.prefixOptions != nil, let prefix = model.prefix, prefix.projection != nil {
            prefixValueGradients = FloatBuffer(count: prefix.values.count)
        }
        if case .loraPrefix = method {
            selectedValues = FloatBuffer(count: Self.trainableCount(model: model, method: method, selection: nil))
        }
        self.selection = selection
        guard labelSmoothing >= 0, labelSmoothing < 1 else {
            throw GPT2Error.invalidConfig(reason: "label smoothing \(labelSmoothing) must be in [0, 1)")
        }
        let trainable = Self.trainableCount(model: model, method: method, selection: selection)
        self.model = model
        self.method = method
        self.schedule = schedule
        self.labelSmoothing = labelSmoothing
        self.maxGradientNorm = maxGradientNorm
        optimizer = AdamW(options: options, parameterCount: trainable)
        gradients = FloatBuffer(count: trainable)
        generator = SeededGenerator(seed: seed ^ 0x5EED_D80B_0000_0001)
    }

    private static func trainableCount(model: GPT2Model, method: TrainingMethod, selection: BaseSelection?) -> Int {
        switch method {
        case .full: return model.parameterCount
        case .lora: return model.lora?.values.count ?? 0
        case .bitfit, .topBlocks: return selection?.count ?? 0
        case .adapter: return model.adapter?.values.count ?? 0
        case .prefix: return model.prefix?.trainableCount ?? 0
        case .loraPrefix: return (model.lora?.values.count ?? 0) + (model.prefix?.trainableCount ?? 0)
        }
    }

    private static func selection(model: GPT2Model, method: TrainingMethod) throws -> BaseSelection? {
        switch method {
        case .bitfit: return .biases(layout: model.layout)
        case .topBlocks(let k): return try .topBlocks(k, layout: model.layout, config: model.config)
        case .full, .lora, .adapter, .prefix, .loraPrefix: return nil
        }
    }

    /// Parameters the optimizer updates.
    public var trainableParameterCount: Int { gradients.count }

    /// Bytes held for training beyond the weights: gradients, optimizer moments, activations.
    public var gradientByteCount: Int {
        gradients.byteCount + baseGradients.byteCount + selectedValues.byteCount + prefixValueGradients.byteCount
    }
    public var optimizerStateByteCount: Int { optimizer.stateByteCount }
    public var activationByteCount: Int { arena?.byteCount ?? 0 }

    /// One optimizer step over `batches` (gradient accumulation: each micro-batch's mean loss weighs 1 / count).
    public mutating func step(batches: [Batch]) throws -> StepResult {
        let clock = ContinuousClock.now
        profile.beginStep()
        let accumulated = try accumulateGradients(batches: batches)
        let norm = clipGradients()
        profile.lap(.gradients)
        let rate = schedule.learningRate(atStep: stepCount)
        updateTrainable(learningRate: rate)
        profile.lap(.optimizer)
        stepCount += 1
        let elapsed = ContinuousClock.now - clock
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        profile.endStep(seconds: seconds)
        return StepResult(loss: accumulated.loss, lossTokens: accumulated.lossTokens, tokens: accumulated.tokens,
                          seconds: seconds, learningRate: rate, gradientNorm: norm)
    }

    /// The global gradient norm before clipping; scales the gradients down to `maxGradientNorm` when above it.
    private mutating func clipGradients() -> Double {
        let gradientPointer = gradients.mutablePointer()
        let norm = GradientNorm.global(gradientPointer, count: gradients.count)
        if let maxGradientNorm, norm > Double(maxGradientNorm) {
            VectorMath.scale(gradientPointer, by: Float(Double(maxGradientNorm) / (norm + 1e-6)), count: gradients.count)
        }
        return norm
    }

    /// AdamW over the trainable values (the base weights, or the adapter) from this step's gradients.
    private mutating func updateTrainable(learningRate rate: Float) {
        let gradientPointer = UnsafePointer(gradients.mutablePointer())
        switch method {
        case .full:
            optimizer.update(parameters: model.parameters.mutablePointer(), gradients: gradientPointer,
                             count: gradients.count, learningRate: rate)
        case .lora:
            update(\.lora, values: \.values, gradients: gradientPointer, learningRate: rate)
        case .adapter:
            update(\.adapter, values: \.values, gradients: gradientPointer, learningRate: rate)
        case .prefix:
            // The prefix's values, or its MLP's parameters (then the prefix is recomputed from them).
            guard var prefix = model.prefix else { break }
            model.prefix = nil
            prefix.updateTrainable {
                optimizer.update(parameters: $0, gradients: gradientPointer, count: gradients.count, learningRate: rate)
            }
            model.prefix = prefix
        case .bitfit, .topBlocks:
            if let selection {
                let values = selectedValues.mutablePointer()
                selection.gather(model.parameters.pointer, into: values)
                optimizer.update(parameters: values, gradients: gradientPointer, count: gradients.count, learningRate: rate)
                selection.scatter(values, into: model.parameters.mutablePointer())
            }
        case .loraPrefix:
            // One AdamW step (one step count) over LoRA's values then the prefix's, gathered in `selectedValues`.
            if var lora = model.lora, var prefix = model.prefix {
                model.lora = nil
                model.prefix = nil
                let values = selectedValues.mutablePointer(), loraCount = lora.values.count, prefixCount = prefix.trainableCount
                values.update(from: lora.values.pointer, count: loraCount)
                (values + loraCount).update(from: prefix.trainablePointer, count: prefixCount)
                optimizer.update(parameters: values, gradients: gradientPointer, count: gradients.count, learningRate: rate)
                lora.values.mutablePointer().update(from: values, count: loraCount)
                prefix.updateTrainable { $0.update(from: values + loraCount, count: prefixCount) }
                model.lora = lora
                model.prefix = prefix
            }
        }
    }

    /// AdamW over the values of the model's LoRA, bottleneck adapter or prefix, detached from the model meanwhile so
    /// that the buffer is uniquely held and updated in place.
    private mutating func update<Adapter>(_ adapter: WritableKeyPath<GPT2Model, Adapter?>,
                                          values: WritableKeyPath<Adapter, FloatBuffer>,
                                          gradients gradientPointer: UnsafePointer<Float>, learningRate rate: Float) {
        guard var held = model[keyPath: adapter] else { return }
        model[keyPath: adapter] = nil
        optimizer.update(parameters: held[keyPath: values].mutablePointer(), gradients: gradientPointer,
                         count: gradients.count, learningRate: rate)
        model[keyPath: adapter] = held
    }

    /// Forward and backward over every micro-batch into fresh gradient buffers; returns the mean loss.
    mutating func accumulateGradients(batches: [Batch]) throws -> (loss: Double, lossTokens: Int, tokens: Int) {
        guard !batches.isEmpty else { throw GPT2Error.invalidBatch(reason: "a step needs at least one micro-batch") }
        for batch in batches { try model.checkFits(batch) }
        gradients.setZero()
        profile.lap(.gradients)
        let gradientPointer = gradients.mutablePointer()
        let isFull: Bool, adapterGradients: UnsafeMutablePointer<Float>?
        if case .full = method { isFull = true } else { isFull = false }
        if case .adapter = method { adapterGradients = gradientPointer } else { adapterGradients = nil }
        // Selective methods backpropagate into a full-layout buffer, gathered below.
        if selection != nil { baseGradients.setZero() }
        let basePointer: UnsafeMutablePointer<Float>? = isFull ? gradientPointer
            : selection == nil ? nil : baseGradients.mutablePointer()
        let trainsTokenEmbedding = isFull || selection?.includesTokenEmbedding == true
        // LoRA's gradients first, then the prefix's (`.loraPrefix`), in the trainable buffer. With an MLP the pass adds
        // the key/value prefix's gradients to a scratch, carried back through the MLP after the batches.
        let loraGradients = method.loraOptions == nil ? nil : gradientPointer
        let prefixTrainableGradients = method.prefixOptions == nil ? nil
            : gradientPointer + (loraGradients == nil ? 0 : model.lora?.values.count ?? 0)
        let projected = prefixTrainableGradients != nil && model.prefix?.projection != nil
        if projected { prefixValueGradients.setZero() }
        let prefixGradients = projected ? prefixValueGradients.mutablePointer() : prefixTrainableGradients
        let pass = TransformerPass(model: model)
        var lossTotal = 0.0, lossTokens = 0, tokens = 0
        // Shared batches: each micro-batch's partial loss sum and its whole count, for after the reduction.
        var lossSums: [Double] = [], lossCounts: [Int] = []
        for whole in batches {
            let share = try dataParallelism?.share(of: whole.batchSize)
            let batch = try share.map { try whole.sequences($0) } ?? whole
            let arena = arenaFor(batchSize: batch.batchSize, length: batch.sequenceLength)
            arena.share = share
            let counted = whole.lossTokenCount
            let scale = counted > 0 ? 1 / (Float(counted) * Float(batches.count)) : 0
            batch.inputs.withUnsafeBufferPointer { tokensBuffer in
                guard let tokenPointer = tokensBuffer.baseAddress else { return }
                pass.forward(tokens: tokenPointer, arena: arena, generator: &generator)
                profile.lap(.forward)
                let loss = pass.loss(batch: batch, arena: arena, labelSmoothing: labelSmoothing, gradientScale: scale,
                                     backward: true, dWte: trainsTokenEmbedding ? basePointer.map { $0 + model.layout.wte } : nil)
                profile.lap(.head)
                pass.backward(tokens: tokenPointer, arena: arena, base: basePointer, loraGradients: loraGradients,
                              adapterGradients: adapterGradients, prefixGradients: prefixGradients,
                              lowestLayer: selection?.lowestLayer ?? 0)
                profile.lap(.backward)
                lossTotal += loss.mean
                lossTokens += loss.count
                lossSums.append(loss.sum)
                lossCounts.append(counted)
            }
            tokens += whole.batchSize * whole.sequenceLength
        }
        if let selection { selection.gather(baseGradients.pointer, into: gradientPointer) }
        if projected, let prefixTrainableGradients {
            model.prefix?.backward(valueGradients: prefixValueGradients.pointer, into: prefixTrainableGradients)
        }
        if let dataParallelism {
            dataParallelism.reduceTrainableGradients(UnsafeMutableBufferPointer(start: gradientPointer, count: gradients.count),
                                                     &lossSums)
            lossTotal = zip(lossSums, lossCounts).reduce(0) { $0 + ($1.1 > 0 ? $1.0 / Double($1.1) : 0) }
            lossTokens = lossCounts.reduce(0, +)
        }
        return (lossTotal / Double(batches.count), lossTokens, tokens)
    }

    /// The trainable gradients of the last step (full: HF layout of all weights; LoRA, bottleneck adapters: adapter
    /// layout; BitFit and top blocks: the selected tensors in layout order; prefix: PEFT's `prompt_embeddings` layout, or
    /// with an MLP `PrefixProjection.parameters`' layout;
    /// LoRA + prefix: LoRA's then the prefix's).
    public var lastGradients: [Float] { gradients.array }

    /// The trainer's arena reshaped to (batchSize, length), grown (to hold every shape seen so far) only when it does not fit.
    private mutating func arenaFor(batchSize: Int, length: Int) -> ActivationArena {
        if let arena, arena.capacity.holds(batch: batchSize, length: length) {
            arena.reshape(batch: batchSize, length: length)
            return arena
        }
        let capacity = arena?.capacity.including(batch: batchSize, length: length)
            ?? ActivationArena.Capacity(rows: batchSize * length, length: length)
        arena = nil
        let fresh = ActivationArena(config: model.config, capacity: capacity, training: true, lora: method.loraOptions,
                                    adapter: model.adapter?.options, prefixLength: model.prefixLength)
        fresh.reshape(batch: batchSize, length: length)
        arena = fresh
        return fresh
    }
}
