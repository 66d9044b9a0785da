import Foundation
import Testing
@testable import GPT2

@Suite struct TrainerTests {
    static func run(method: TrainingMethod, steps: Int) throws
        -> (losses: [UInt64], weights: [Float], lora: [Float], profile: StepProfile) {
        let model = try TinyModels.model(config: TinyModels.config(dropout: 0.1))
        var trainer = try Trainer(model: model, method: method,
                                  schedule: LearningRateSchedule(peak: 1e-2, warmupSteps: 1, totalSteps: 10),
                                  seed: 42, labelSmoothing: 0.1, maxGradientNorm: 1)
        let batches = [try TinyModels.batch(seed: 1), try TinyModels.batch(seed: 2)]
        var losses: [UInt64] = []
        for _ in 0..<steps { losses.append(try trainer.step(batches: batches).loss.bitPattern) }
        return (losses, trainer.model.parameters.array, trainer.model.lora?.values.array ?? [], trainer.profile)
    }

    /// `bench train --profile` only reads clocks: the profiled steps compute exactly what unprofiled ones do.
    @Test func profilingTimesEveryPhaseWithoutChangingTheSteps() throws {
        for method in [TrainingMethod.full, .lora(LoRAOptions(rank: 2, alpha: 8))] {
            let plain = try Self.run(method: method, steps: 2)
            StepProfile.isEnabled = true
            let profiled = try Self.run(method: method, steps: 2)
            StepProfile.isEnabled = false
            #expect(profiled.losses == plain.losses)
            #expect(profiled.weights.map(\.bitPattern) == plain.weights.map(\.bitPattern))
            #expect(profiled.lora.map(\.bitPattern) == plain.lora.map(\.bitPattern))
            #expect(plain.profile.steps == 0 && plain.profile.phases.isEmpty)
            #expect(profiled.profile.steps == 2)
            for phase in StepProfile.Phase.allCases { #expect(profiled.profile[phase].total > 0, "\(phase)") }
            #expect(profiled.profile[.forward].products > 0 && profiled.profile[.forward].attention > 0)
        }
    }

    @Test func sameSeedAndInputsGiveBitIdenticalTraining() throws {
        for method in [TrainingMethod.full, .lora(LoRAOptions(rank: 2, alpha: 8))] {
            let first = try Self.run(method: method, steps: 3)
            let second = try Self.run(method: method, steps: 3)
            #expect(first.losses == second.losses)
            #expect(first.weights.map(\.bitPattern) == second.weights.map(\.bitPattern))
            #expect(first.lora.map(\.bitPattern) == second.lora.map(\.bitPattern))
        }
    }

    @Test func differentSeedsDrawDifferentDropout() throws {
        let model = try TinyModels.model(config: TinyModels.config(dropout: 0.3))
        let batch = try TinyModels.batch()
        var a = try Trainer(model: model, method: .full, schedule: .constant(0), seed: 1)
        var b = try Trainer(model: model, method: .full, schedule: .constant(0), seed: 2)
        #expect(try a.step(batches: [batch]).loss != b.step(batches: [batch]).loss)
    }

    @Test func fullFineTuningLowersTheLoss() throws {
        var trainer = try Trainer(model: try TinyModels.model(), method: .full, schedule: .constant(1e-2), seed: 3)
        let batch = try TinyModels.batch()
        let first = try trainer.step(batches: [batch])
        for _ in 0..<15 { _ = try trainer.step(batches: [batch]) }
        #expect(try trainer.model.evaluateLoss(batch).mean < first.loss - 0.2)
        #expect(first.tokens == 10 && first.lossTokens == 6)
    }

    @Test func maskedPositionsAndRightPaddingDoNotChangeLossOrGradients() throws {
        let model = try TinyModels.model()
        let batch = try TinyModels.batch()
        var inputs = batch.inputs, targets = batch.targets
        for i in 0..<10 where batch.lossMask[i] == 0 { targets[i] = (targets[i] + 5) % 16 }
        inputs[8] = (inputs[8] + 3) % 16
        inputs[9] = (inputs[9] + 7) % 16
        let changed = try Batch(inputs: inputs, targets: targets, lossMask: batch.lossMask, batchSize: 2, sequenceLength: 5)
        #expect(try model.evaluateLoss(changed) == model.evaluateLoss(batch))
        var a = try Trainer(model: model, method: .full, schedule: .constant(0), seed: 1, labelSmoothing: 0.1)
        var b = try Trainer(model: model, method: .full, schedule: .constant(0), seed: 1, labelSmoothing: 0.1)
        _ = try a.accumulateGradients(batches: [batch])
        _ = try b.accumulateGradients(batches: [changed])
        let difference = zip(a.lastGradients, b.lastGradients).map { abs($0 - $1) }.max() ?? 0
        #expect(difference < 1e-6)
        var unmasked = batch.lossMask
        unmasked[0] = 1
        let widened = try Batch(inputs: batch.inputs, targets: batch.targets, lossMask: unmasked, batchSize: 2, sequenceLength: 5)
        #expect(try model.evaluateLoss(widened).count == 7)
    }

    @Test func accumulatingTwoHalvesAveragesTheirGradients() throws {
        let model = try TinyModels.model()
        let one = try TinyModels.batch(seed: 4), two = try TinyModels.batch(seed: 5)
        var together = try Trainer(model: model, method: .full, schedule: .constant(0), seed: 1)
        let both = try together.accumulateGradients(batches: [one, two])
        var first = try Trainer(model: model, method: .full, schedule: .constant(0), seed: 1)
        let lossOne = try first.accumulateGradients(batches: [one]).loss
        var second = try Trainer(model: model, method: .full, schedule: .constant(0), seed: 1)
        let lossTwo = try second.accumulateGradients(batches: [two]).loss
        #expect(abs(both.loss - (lossOne + lossTwo) / 2) < 1e-6)
        let expected = zip(first.lastGradients, second.lastGradients).map { ($0 + $1) / 2 }
        let difference = zip(expected, together.lastGradients).map { abs($0 - $1) }.max() ?? 0
        #expect(difference < 1e-6)
    }

    @Test func evaluationLossMatchesASoftmaxOverTheReturnedLogits() throws {
        let config = GPT2Config(nLayer: 1, nHead: 2, nEmbd: 24, nPositions: 5, vocabSize: 37,
                                residDropout: 0, attnDropout: 0, embdDropout: 0)
        let model = try TinyModels.model(config: config)
        let batch = try TinyModels.batch(vocab: 37)
        let logits = try model.logits(batch)
        for smoothing in [Float(0), 0.1] {
            var expected = 0.0
            for i in 0..<10 where batch.lossMask[i] == 1 {
                let row = logits[(i * 37)..<((i + 1) * 37)].map(Double.init)
                let top = row.max() ?? 0
                let lse = top + Foundation.log(row.reduce(0) { $0 + Foundation.exp($1 - top) })
                let mean = row.reduce(0, +) / 37
                expected += Double(1 - smoothing) * (lse - row[Int(batch.targets[i])]) + Double(smoothing) * (lse - mean)
            }
            let loss = try model.evaluateLoss(batch, labelSmoothing: smoothing)
            #expect(loss.count == 6)
            #expect(abs(loss.sum - expected) < 1e-4)
        }
    }

    @Test func badTokensAndShapesAreReportedWithTheirPlace() throws {
        #expect(throws: GPT2Error.invalidBatch(reason: "targets holds 3 values, expected 2 x 2 = 4")) {
            try Batch(inputs: [1, 2, 3, 4], targets: [1, 2, 3], lossMask: [1, 1, 1, 1], batchSize: 2, sequenceLength: 2)
        }
        let batch = try Batch(inputs: [1, 2, 3, 40], targets: [1, 2, 3, 4], lossMask: [1, 1, 1, 1], batchSize: 2, sequenceLength: 2)
        let model = try TinyModels.model()
        #expect(throws: GPT2Error.tokenOutOfRange(row: 1, position: 1, token: 40, vocabSize: 16)) {
            try model.evaluateLoss(batch)
        }
        #expect(GPT2Error.tokenOutOfRange(row: 1, position: 1, token: 40, vocabSize: 16).description
            == "batch row 1, position 1: token id 40 is outside the vocabulary 0..<16")
        let long = try Batch(inputs: Array(repeating: 1, count: 6), targets: Array(repeating: 1, count: 6),
                             lossMask: Array(repeating: 1, count: 6), batchSize: 1, sequenceLength: 6)
        #expect(throws: GPT2Error.sequenceTooLong(length: 6, maximum: 5)) { try model.logits(long) }
    }
}

@Suite struct EvaluatorTests {
    @Test func reusedEvaluatorGivesTheSameResultsAsOneOffCalls() throws {
        var evaluator = Evaluator()
        let model = try TinyModels.model()
        var trained = try Trainer(model: model, method: .full, schedule: .constant(1e-2), seed: 1)
        _ = try trained.step(batches: [try TinyModels.batch()])
        for batch in [try TinyModels.batch(seed: 1), try TinyModels.batch(seed: 2)] {
            for candidate in [model, trained.model] {
                #expect(try evaluator.loss(model: candidate, batch: batch) == candidate.evaluateLoss(batch))
                #expect(try evaluator.logits(model: candidate, batch: batch) == candidate.logits(batch))
            }
        }
        let short = try Batch(inputs: [1, 2, 3], targets: [2, 3, 4], lossMask: [1, 1, 1], batchSize: 1, sequenceLength: 3)
        #expect(try evaluator.loss(model: model, batch: short) == model.evaluateLoss(short))
    }
}
