import DataStore
import E2E
import Foundation
import GPT2
import Runner
import Script

/// The loop `pretrain` and `finetune` share: steps of the engine's trainer, a validation loss every so often,
/// progress to the runner, and the run's facts.
struct TrainingLoop {
    var method: TrainingMethod
    var steps: Int
    var learningRate: Float
    var warmupSteps: Int
    var weightDecay: Float
    var labelSmoothing: Float
    var evaluateEvery: Int
    var seed: UInt64
    /// Set under mpirun: every process takes its rows of each step's batch, and one all-reduce sums the gradients.
    var dataParallelism: DataParallelism? = nil

    func run(model: GPT2Model, label: String, batch: (Int) throws -> Batch, validation: [Batch],
             context: CallContext) throws -> (model: GPT2Model, train: [Double], validSteps: [Double], valid: [Double], facts: TrainingRunObject.Facts) {
        guard steps > 0 else { throw NotebookAPIError("\(context.callee): the number of steps must be positive") }
        guard learningRate.isFinite, learningRate > 0 else {
            throw NotebookAPIError("\(context.callee): lr must be a finite number above 0, got \(learningRate)")
        }
        guard weightDecay.isFinite, weightDecay >= 0 else {
            throw NotebookAPIError("\(context.callee): weightDecay must be a finite number, 0 or more, got \(weightDecay)")
        }
        guard labelSmoothing.isFinite, (0..<1).contains(labelSmoothing) else {
            throw NotebookAPIError("\(context.callee): labelSmoothing must be in 0..<1, got \(labelSmoothing)")
        }
        guard warmupSteps >= 0 else { throw NotebookAPIError("\(context.callee): warmup steps must be 0 or more, got \(warmupSteps)") }
        let schedule = LearningRateSchedule(peak: learningRate, warmupSteps: min(warmupSteps, steps), totalSteps: steps)
        // The run's peak memory: the process's peak from here on (what it already held, plus this run's needs).
        ProcessMemory.resetPeak()
        var trainer = try Trainer(model: model, method: method, optimizer: AdamWOptions(weightDecay: weightDecay),
                                  schedule: schedule, seed: seed, labelSmoothing: labelSmoothing)
        trainer.dataParallelism = dataParallelism
        let ranks = dataParallelism.map { "  (\($0.parts) ranks)" } ?? ""
        var evaluator = Evaluator()
        func validationLoss(_ model: GPT2Model) throws -> Double {
            var sum = 0.0, count = 0
            for batch in validation {
                let loss = try evaluator.loss(model: model, batch: batch)
                sum += loss.sum
                count += loss.count
            }
            return count > 0 ? sum / Double(count) : .nan
        }
        var train: [Double] = [], validSteps: [Double] = [], valid: [Double] = []
        var tokens = 0
        var trainingSeconds = 0.0
        let started = Date()
        if evaluateEvery > 0, !validation.isEmpty {
            // The starting point of the validation curve: the model before its first step.
            validSteps.append(0)
            valid.append(try validationLoss(trainer.model))
        }
        for step in 1...steps {
            let stepStarted = Date()
            let result = try trainer.step(batches: [try batch(step - 1)])
            trainingSeconds += Date().timeIntervalSince(stepStarted)
            guard result.loss.isFinite else {
                throw NotebookAPIError("\(context.callee): the loss became \(result.loss) at step \(step); try a lower lr")
            }
            train.append(result.loss)
            tokens += result.tokens
            if evaluateEvery > 0, step % evaluateEvery == 0 || step == steps, !validation.isEmpty {
                validSteps.append(Double(step))
                valid.append(try validationLoss(trainer.model))
            }
            context.reportProgress(String(format: "%@ step %d/%d  loss %.4f  %.0f tok/s%@", label, step, steps, result.loss,
                                          Double(tokens) / max(trainingSeconds, 1e-9), ranks),
                                   fraction: Double(step) / Double(steps))
        }
        let facts = TrainingRunObject.Facts(
            method: label, steps: steps, tokens: tokens, seconds: Date().timeIntervalSince(started),
            trainingSeconds: trainingSeconds,
            trainableParameters: trainer.trainableParameterCount, totalParameters: trainer.model.parameterCount,
            peakMemoryMiB: ProcessMemory.peakResidentMiB())
        return (trainer.model, train, validSteps, valid, facts)
    }

    /// An E2E or language-model batch in the model's (possibly compact) ids; padding becomes id 0.
    static func engineBatch(_ batch: TokenBatch, vocabulary: VocabularyMap?) throws -> Batch {
        var inputs = batch.inputs
        var targets = batch.targets
        if let vocabulary {
            for row in 0..<batch.batchSize {
                for position in 0..<batch.sequenceLength {
                    let index = row * batch.sequenceLength + position
                    let inside = position < batch.lengths[row]
                    if let id = vocabulary.compactID(inputs[index]) {
                        inputs[index] = id
                    } else if inside {
                        throw NotebookAPIError("token id \(inputs[index]) is not in the model's vocabulary (row \(row), position \(position))")
                    } else {
                        inputs[index] = 0
                    }
                    if let id = vocabulary.compactID(targets[index]) {
                        targets[index] = id
                    } else if batch.lossMask[index] != 0 {
                        throw NotebookAPIError("target id \(targets[index]) is not in the model's vocabulary (row \(row), position \(position))")
                    } else {
                        targets[index] = 0
                    }
                }
            }
        }
        return try Batch(inputs: inputs, targets: targets, lossMask: batch.lossMask, batchSize: batch.batchSize,
                         sequenceLength: batch.sequenceLength)
    }
}
