import DataStore
import E2E
import Foundation
import GPT2
import Runner
import Script
import SeededRandom

/// `pretrain(...)` and `finetune(...)`.
enum TrainingBuiltins {
    static let loraParameters = [Parameter("rank", .int, default: .int(4)), Parameter("alpha", .double, default: .double(32)),
                                 Parameter("dropout", .double, default: .double(0.1)),
                                 Parameter("targets", .array(.string), default: .array([.string("q"), .string("v")]))]
    /// A prefix's length and the optional reparameterisation MLP's hidden size (nil: none).
    static let prefixParameters = [Parameter("length", .int, default: .int(8)), Parameter("projection", .optional(.int), default: .null)]
    static let methodCases: [SymbolSignature] = [
        SymbolSignature("full"),
        SymbolSignature("lora", parameters: loraParameters),
        SymbolSignature("bitfit"),
        SymbolSignature("top", parameters: [Parameter("blocks", .int, default: .int(2))]),
        SymbolSignature("adapterH", parameters: [Parameter("bottleneck", .int, default: .int(16))]),
        SymbolSignature("adapterL", parameters: [Parameter("bottleneck", .int, default: .int(16))]),
        SymbolSignature("prefix", parameters: prefixParameters),
        SymbolSignature("loraPrefix", parameters: loraParameters + prefixParameters),
    ]

    /// `.lora(...)`'s or `.loraPrefix(...)`'s LoRA options.
    static func loraOptions(_ method: Symbol) throws -> LoRAOptions {
        let rank = Int(method["rank"]?.numericValue ?? 4)
        let alpha = Float(method["alpha"]?.numericValue ?? 32)
        let dropout = Float(method["dropout"]?.numericValue ?? 0.1)
        var targets: [LoRATarget] = []
        if case .array(let names)? = method["targets"] {
            for name in names {
                guard case .string(let text) = name, let target = LoRATarget(rawValue: text) else {
                    let known = LoRATarget.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
                    let found = if case .string(let text) = name { "\"\(text)\"" } else { "\(name)" }
                    throw NotebookAPIError("\(method.name)(targets:) takes \(known) (q, k, v: slices of attn.c_attn; "
                                           + "o: attn.c_proj; fc: mlp.c_fc; proj: mlp.c_proj), got \(found)")
                }
                targets.append(target)
            }
        }
        return LoRAOptions(rank: rank, alpha: alpha, dropout: dropout, targets: targets)
    }

    /// `.prefix(length:projection:)`'s or `.loraPrefix(length:projection:)`'s prefix: it and at least two tokens must fit
    /// the model's positions; `projection`, if given, is the hidden size of the MLP that trains it (Li & Liang's
    /// reparameterisation, PEFT's `prefix_projection`).
    static func prefixOptions(_ method: Symbol, positions: Int) throws -> PrefixOptions {
        let length = Int(method["length"]?.numericValue ?? 8)
        guard length >= 1, length <= positions - 2 else {
            throw NotebookAPIError("\(method.name)(length: \(length)) must be in 1...\(positions - 2): the prefix takes positions "
                + "from the model's \(positions)")
        }
        let projection = method["projection"]?.numericValue.map { Int($0) }
        if let projection, projection < 1 {
            throw NotebookAPIError("\(method.name)(projection: \(projection)) must be at least 1: the hidden size of the prefix's MLP")
        }
        return PrefixOptions(length: length, projection: projection)
    }

    /// `pretrain(_ model:, on corpus:, steps:, batchSize:, sequenceLength:, lr:, warmupSteps:, weightDecay:, evalEvery:, seed:)`:
    /// next-token training on packed windows of the corpus; the last 5% of windows are held out for validation.
    static func pretrain(_ environment: NotebookEnvironment) -> Builtin {
        Builtin("pretrain",
                parameters: [.unlabeled("model", .object("Model")), Parameter("on", .object("Corpus")),
                             Parameter("steps", .int), Parameter("batchSize", .int, default: .int(8)),
                             Parameter("sequenceLength", .int, default: .int(128)), Parameter("lr", .double, default: .double(1e-3)),
                             Parameter("warmupSteps", .int, default: .int(50)), Parameter("weightDecay", .double, default: .double(0.01)),
                             Parameter("evalEvery", .int, default: .int(100)), Parameter("seed", .int, default: .int(110))],
                summary: "Trains every weight to predict the next token of the corpus (language-model pretraining).") { arguments, context in
            let base = try arguments.object("model", as: ModelObject.self)
            let corpus = try arguments.object("on", as: CorpusObject.self)
            let length = try arguments.int("sequenceLength"), batchSize = try arguments.int("batchSize")
            guard length >= 2, length <= base.model.config.nPositions else {
                throw NotebookAPIError("pretrain(sequenceLength:) must be in 2...\(base.model.config.nPositions)")
            }
            guard batchSize > 0 else { throw NotebookAPIError("pretrain(batchSize:) must be positive") }
            let windows = LanguageModelWindows(tokens: corpus.tokens, sequenceLength: length)
            let held = max(1, windows.count / 20)
            guard windows.count > held + batchSize else {
                throw NotebookAPIError("pretrain: the corpus has only \(windows.count) windows of \(length) tokens")
            }
            let trainCount = windows.count - held
            let seed = UInt64(truncatingIfNeeded: try arguments.int("seed"))
            var generator = SplitMix64(seed: seed)
            var order: [Int] = []
            let validation = try stride(from: trainCount, to: windows.count, by: batchSize).map { start in
                try TrainingLoop.engineBatch(windows.batch(windows: Array(start..<min(start + batchSize, windows.count))),
                                             vocabulary: base.vocabulary)
            }
            let loop = TrainingLoop(method: .full, steps: try arguments.int("steps"), learningRate: Float(try arguments.double("lr")),
                                    warmupSteps: try arguments.int("warmupSteps"), weightDecay: Float(try arguments.double("weightDecay")),
                                    labelSmoothing: 0, evaluateEvery: try evaluationInterval(arguments), seed: seed,
                                    dataParallelism: environment.dataParallelism)
            let result = try loop.run(model: base.model, label: "pretraining", batch: { step in
                // Windows in a fresh shuffled order each pass over the training part.
                let needed = (step + 1) * batchSize
                while order.count < needed { order += Array(0..<trainCount).shuffled(seededBy: &generator) }
                return try TrainingLoop.engineBatch(windows.batch(windows: Array(order[(needed - batchSize)..<needed])),
                                                    vocabulary: base.vocabulary)
            }, validation: validation, context: context)
            var key = CacheKey()
            key.add("pretrain", base.fingerprint)
            key.add("arguments", arguments.values.map(\.fingerprint).joined(separator: ","))
            key.add("corpus", corpus.fingerprint)
            return .object(run(result, vocabulary: base.vocabulary, fingerprint: key.digest))
        }
    }

    /// `evalEvery:`: validate every so many steps and after the last; 0 never validates (a timing run).
    static func evaluationInterval(_ arguments: Arguments) throws -> Int {
        let every = try arguments.int("evalEvery")
        guard every >= 0 else { throw NotebookAPIError("evalEvery must be 0 (never validate) or positive, not \(every)") }
        return every
    }

    /// `finetune(_ model:, method:, train:, valid:, epochs:, steps:, batchSize:, lr:, warmupSteps:, weightDecay:,
    /// labelSmoothing:, modelDropout:, maxLength:, evalEvery:, seed:)`: MR -> reference training, loss on the reference only.
    /// `modelDropout` is the dropout of the model's embeddings, attention and residuals; left out, it is each method's
    /// in the paper's runs: 0.1 for full fine-tuning (HF GPT-2's), 0 for LoRA (the LoRA repository's model.py has
    /// no dropout but the LoRA input's, which `.lora(dropout:)` sets); HF GPT-2's 0.1 for `.bitfit`, `.top(blocks:)`,
    /// `.adapterH(bottleneck:)` and `.adapterL(bottleneck:)`; 0 for `.prefix(length:)` and `.loraPrefix(...)` (the frozen
    /// base undropped, as for LoRA). With a prefix, `maxLength` defaults to what the prefix leaves of the context.
    static func finetune(_ environment: NotebookEnvironment) -> Builtin {
        Builtin("finetune",
                parameters: [.unlabeled("model", .object("Model")), Parameter("method", .oneOf(methodCases)),
                             Parameter("train", .object("Dataset")), Parameter("valid", .object("Dataset")),
                             Parameter("epochs", .int, default: .int(5)), Parameter("steps", .int, default: .int(0)),
                             Parameter("batchSize", .int, default: .int(8)), Parameter("lr", .double, default: .double(2e-4)),
                             Parameter("warmupSteps", .int, default: .int(500)), Parameter("weightDecay", .double, default: .double(0.01)),
                             Parameter("labelSmoothing", .double, default: .double(0.1)),
                             Parameter("modelDropout", .optional(.double), default: .null),
                             Parameter("maxLength", .optional(.int), default: .null), Parameter("evalEvery", .int, default: .int(100)),
                             Parameter("seed", .int, default: .int(110))],
                summary: "Fine-tunes on E2E (MR, reference) pairs with full fine-tuning, LoRA, BitFit, the top blocks, bottleneck adapters (AdapterH, AdapterL), a prefix or LoRA and a prefix; the paper's values are the defaults.") { arguments, context in
            let base = try arguments.object("model", as: ModelObject.self)
            let trainSet = try arguments.object("train", as: DatasetObject.self)
            let validSet = try arguments.object("valid", as: DatasetObject.self)
            let tokenizer = try environment.tokenizer()
            let method = try arguments.symbol("method")
            let positions = base.model.config.nPositions
            let prefix = ["prefix", "loraPrefix"].contains(method.name) ? try prefixOptions(method, positions: positions) : nil
            let room = positions - (prefix?.length ?? 0)
            // Left out, the paper's 512 or the context (what a prefix leaves of it) if shorter; asked for, it must fit.
            let maxLength = try arguments.isNil("maxLength") ? min(512, room) : try arguments.int("maxLength")
            guard maxLength <= room else {
                throw NotebookAPIError("finetune(maxLength: \(maxLength)) exceeds the model's \(positions) positions"
                    + (prefix.map { " less the prefix's \($0.length)" } ?? ""))
            }
            let batchSize = try arguments.int("batchSize")
            guard batchSize > 0, maxLength >= 2 else { throw NotebookAPIError("finetune: batchSize and maxLength must be positive") }
            let seed = UInt64(truncatingIfNeeded: try arguments.int("seed"))

            let trainingMethod: TrainingMethod
            var label = "full fine-tuning"
            if method.name == "lora" {
                let options = try loraOptions(method)
                trainingMethod = .lora(options)
                label = "LoRA r=\(options.rank) alpha=\(Int(options.alpha))"
            } else if let prefix, method.name == "loraPrefix" {
                let options = try loraOptions(method)
                trainingMethod = .loraPrefix(options, prefix)
                label = "LoRA r=\(options.rank) alpha=\(Int(options.alpha)) + \(prefix.label)"
            } else if let prefix {
                trainingMethod = .prefix(prefix)
                label = prefix.label
            } else if method.name == "bitfit" {
                trainingMethod = .bitfit
                label = "BitFit"
            } else if method.name == "top" {
                let blocks = Int(method["blocks"]?.numericValue ?? 2)
                guard (1...base.model.config.nLayer).contains(blocks) else {
                    throw NotebookAPIError("top(blocks: \(blocks)) must be in 1...\(base.model.config.nLayer), the model's layers")
                }
                trainingMethod = .topBlocks(blocks)
                label = "top \(blocks) blocks"
            } else if method.name == "adapterH" || method.name == "adapterL" {
                let size = Int(method["bottleneck"]?.numericValue ?? 16)
                guard (1...base.model.config.nEmbd).contains(size) else {
                    throw NotebookAPIError("\(method.name)(bottleneck: \(size)) must be in 1...\(base.model.config.nEmbd), the model's width")
                }
                let options = BottleneckOptions(kind: method.name == "adapterH" ? .houlsby : .lin, size: size)
                trainingMethod = .adapter(options)
                label = options.label
            } else {
                trainingMethod = .full
            }

            let dropout = try arguments.isNil("modelDropout")
                ? (["lora", "prefix", "loraPrefix"].contains(method.name) ? 0 : 0.1) : Float(try arguments.double("modelDropout"))
            guard (0..<1).contains(dropout) else { throw NotebookAPIError("finetune(modelDropout:) must be in [0, 1), not \(dropout)") }
            var model = base.model
            if model.config.residDropout != dropout || model.config.attnDropout != dropout || model.config.embdDropout != dropout {
                var config = model.config
                config.residDropout = dropout
                config.attnDropout = dropout
                config.embdDropout = dropout
                model = try GPT2Model(config: config, weights: model.namedParameters())
            }

            let examples = trainSet.split.examples(tokenizer: tokenizer)
            let validExamples = validSet.split.examples(tokenizer: tokenizer)
            var generator = SplitMix64(seed: seed)
            let lengths = examples.map { $0.positionCount(maxPositions: maxLength) }
            let epochPlan = BatchPlan.bucketed(lengths: lengths, batchSize: batchSize, using: &generator)
            let epochs = try arguments.int("epochs"), requested = try arguments.int("steps")
            guard epochs >= 0, requested >= 0, epochs > 0 || requested > 0 else {
                throw NotebookAPIError("finetune needs epochs > 0 or steps > 0 (steps > 0 replaces epochs), got epochs \(epochs), steps \(requested)")
            }
            let steps = requested > 0 ? requested : epochs * epochPlan.batches.count
            var plan = epochPlan.batches
            let validation = try BatchPlan.sequential(count: validExamples.count, batchSize: batchSize).batches.map { rows in
                try TrainingLoop.engineBatch(TokenBatch(examples: rows.map { validExamples[$0] }, maxPositions: maxLength),
                                             vocabulary: base.vocabulary)
            }
            let loop = TrainingLoop(method: trainingMethod, steps: steps, learningRate: Float(try arguments.double("lr")),
                                    warmupSteps: try arguments.int("warmupSteps"), weightDecay: Float(try arguments.double("weightDecay")),
                                    labelSmoothing: Float(try arguments.double("labelSmoothing")),
                                    evaluateEvery: try evaluationInterval(arguments), seed: seed,
                                    dataParallelism: environment.dataParallelism)
            var result = try loop.run(model: model, label: label, batch: { step in
                while plan.count <= step {
                    plan += BatchPlan.bucketed(lengths: lengths, batchSize: batchSize, using: &generator).batches
                }
                return try TrainingLoop.engineBatch(TokenBatch(examples: plan[step].map { examples[$0] }, maxPositions: maxLength),
                                                    vocabulary: base.vocabulary)
            }, validation: validation, context: context)
            result.facts.batchesPerEpoch = epochPlan.batches.count
            var key = CacheKey()
            key.add("finetune", base.fingerprint)
            key.add("method", method.name + "\(method.arguments.map(\.value.fingerprint))")
            key.add("data", trainSet.fingerprint + validSet.fingerprint)
            key.add("arguments", arguments.values.map(\.fingerprint).joined(separator: ","))
            return .object(run(result, vocabulary: base.vocabulary, fingerprint: key.digest))
        }
    }

    static func run(_ result: (model: GPT2Model, train: [Double], validSteps: [Double], valid: [Double], facts: TrainingRunObject.Facts),
                    vocabulary: VocabularyMap?, fingerprint: String) -> TrainingRunObject {
        TrainingRunObject(model: ModelObject(model: result.model, vocabulary: vocabulary, fingerprint: fingerprint),
                          trainLoss: SeriesObject(name: "train loss", x: result.train.indices.map { Double($0 + 1) }, y: result.train),
                          validLoss: SeriesObject(name: "validation loss", x: result.validSteps, y: result.valid),
                          facts: result.facts)
    }
}
