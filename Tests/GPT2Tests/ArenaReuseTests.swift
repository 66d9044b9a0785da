import Testing
@testable import GPT2
import SeededRandom

/// Length-bucketed batches share one activation arena: reusing a larger arena must not change any result.
@Suite struct ArenaReuseTests {
    static func batch(rows: Int, length: Int, seed: UInt64) throws -> Batch {
        var generator = SeededGenerator(seed: seed)
        let count = rows * length
        let inputs = (0..<count).map { _ in Int32(generator.next() % 16) }
        let targets = (0..<count).map { _ in Int32(generator.next() % 16) }
        let mask = (0..<count).map { $0 % length == 0 ? Float(0) : 1 }
        return try Batch(inputs: inputs, targets: targets, lossMask: mask, batchSize: rows, sequenceLength: length)
    }

    @Test func gradientsOfAShortBatchAreBitIdenticalInAnArenaGrownForALongerOne() throws {
        let model = try TinyModels.model(config: TinyModels.config(dropout: 0.2))
        let long = try Self.batch(rows: 3, length: 5, seed: 1), short = try Self.batch(rows: 2, length: 3, seed: 2)
        for method in [TrainingMethod.full, .lora(LoRAOptions(rank: 2, alpha: 8))] {
            var reused = try Trainer(model: model, method: method, schedule: .constant(0), seed: 5, labelSmoothing: 0.1)
            _ = try reused.accumulateGradients(batches: [long])
            let grownBytes = reused.activationByteCount
            reused.generator = SeededGenerator(seed: 9)
            let reusedLoss = try reused.accumulateGradients(batches: [short]).loss
            var fresh = try Trainer(model: model, method: method, schedule: .constant(0), seed: 5, labelSmoothing: 0.1)
            fresh.generator = SeededGenerator(seed: 9)
            let freshLoss = try fresh.accumulateGradients(batches: [short]).loss
            #expect(reusedLoss.bitPattern == freshLoss.bitPattern)
            #expect(reused.lastGradients.map(\.bitPattern) == fresh.lastGradients.map(\.bitPattern))
            #expect(reused.activationByteCount == grownBytes)
            #expect(fresh.activationByteCount < grownBytes)
        }
    }

    @Test func arenaGrowsToHoldTheMostRowsAndTheLongestSequenceSeen() throws {
        var trainer = try Trainer(model: try TinyModels.model(), method: .full, schedule: .constant(0), seed: 1)
        _ = try trainer.accumulateGradients(batches: [try Self.batch(rows: 4, length: 2, seed: 1)])
        _ = try trainer.accumulateGradients(batches: [try Self.batch(rows: 1, length: 5, seed: 2)])
        let both = trainer.activationByteCount
        _ = try trainer.accumulateGradients(batches: [try Self.batch(rows: 4, length: 2, seed: 3)])
        _ = try trainer.accumulateGradients(batches: [try Self.batch(rows: 1, length: 5, seed: 4)])
        #expect(trainer.activationByteCount == both)
        let capacity = ActivationArena.Capacity(rows: 4 * 2, length: 2).including(batch: 1, length: 5)
        #expect(capacity == ActivationArena.Capacity(rows: 8, length: 5))
        #expect(capacity.holds(batch: 2, length: 4) && !capacity.holds(batch: 3, length: 3))
    }

    @Test func evaluationLossIsBitIdenticalAfterALongerBatch() throws {
        let model = try TinyModels.model()
        let long = try Self.batch(rows: 3, length: 5, seed: 6), short = try Self.batch(rows: 2, length: 4, seed: 7)
        var evaluator = Evaluator()
        _ = try evaluator.loss(model: model, batch: long)
        let reused = try evaluator.loss(model: model, batch: short, labelSmoothing: 0.1)
        let fresh = try model.evaluateLoss(short, labelSmoothing: 0.1)
        #expect(reused.sum.bitPattern == fresh.sum.bitPattern && reused.count == fresh.count)
        #expect(try evaluator.logits(model: model, batch: short).map(\.bitPattern) == model.logits(short).map(\.bitPattern))
    }
}
