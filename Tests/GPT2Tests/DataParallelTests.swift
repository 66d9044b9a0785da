import Foundation
import Testing
@testable import GPT2
import SeededRandom

/// Data parallelism in one process: N trainers on N threads, summing through an in-memory reduction, must train as
/// one trainer does (same dropout masks, same examples), up to the float rounding of the split sums.
@Suite struct DataParallelTests {
    /// Sums the parts' buffers in part order once all have arrived, then hands every part the sums. The parts compute
    /// one at a time (`turn`, held outside the reduction), as separate processes would share nothing: the engine's
    /// OpenBLAS thread setting is process-wide.
    final class InMemoryReduction: @unchecked Sendable {
        let parts: Int
        let turn = NSLock()
        private let condition = NSCondition()
        private var floats: [[Float]], doubles: [[Double]]
        private var arrived = 0, generation = 0
        private var floatSum: [Float] = [], doubleSum: [Double] = []

        init(parts: Int) {
            self.parts = parts
            floats = Array(repeating: [], count: parts)
            doubles = Array(repeating: [], count: parts)
        }

        func reduce(part: Int, _ gradients: UnsafeMutableBufferPointer<Float>, _ sums: inout [Double]) {
            turn.unlock()
            defer { turn.lock() }
            condition.lock()
            let current = generation
            floats[part] = Array(gradients)
            doubles[part] = sums
            arrived += 1
            if arrived == parts {
                floatSum = floats.dropFirst().reduce(floats[0]) { zip($0, $1).map { $0 + $1 } }
                doubleSum = doubles.dropFirst().reduce(doubles[0]) { zip($0, $1).map { $0 + $1 } }
                arrived = 0
                generation += 1
                condition.broadcast()
            } else {
                while generation == current { condition.wait() }
            }
            for i in 0..<gradients.count { gradients[i] = floatSum[i] }
            sums = doubleSum
            condition.unlock()
        }
    }

    /// A batch of `rows` right-padded sequences of length 5 with varying counted positions.
    static func batch(rows: Int, seed: UInt64) throws -> Batch {
        var generator = SeededGenerator(seed: seed)
        let inputs = (0..<(rows * 5)).map { _ in Int32(generator.next() % 16) }
        let targets = (0..<(rows * 5)).map { _ in Int32(generator.next() % 16) }
        let mask = (0..<(rows * 5)).map { i -> Float in i % 5 == 0 || (i / 5) % 3 == 2 && i % 5 > 2 ? 0 : 1 }
        return try Batch(inputs: inputs, targets: targets, lossMask: mask, batchSize: rows, sequenceLength: 5)
    }

    static func trainer(method: TrainingMethod) throws -> Trainer {
        var model = try TinyModels.model(config: TinyModels.config(dropout: 0.2))
        if case .lora(let options) = method { model = try TinyModels.withRandomLoRA(model, options: options) }
        return try Trainer(model: model, method: method,
                           schedule: LearningRateSchedule(peak: 1e-2, warmupSteps: 1, totalSteps: 6),
                           seed: 5, labelSmoothing: 0.1, maxGradientNorm: 1)
    }

    /// What the parts' threads hand back.
    final class Outcomes: @unchecked Sendable {
        let lock = NSLock()
        var results: [Int: (losses: [Double], values: [Float])] = [:]
        var failure: Error?
    }

    /// Each part's step losses and final trainable values after `steps` steps of two micro-batches (3 and 4 rows).
    static func train(method: TrainingMethod, parts: Int, steps: Int = 4) throws -> [(losses: [Double], values: [Float])] {
        let reduction = InMemoryReduction(parts: parts)
        let outcomes = Outcomes()
        let done = DispatchGroup()
        for part in 0..<parts {
            done.enter()
            Thread.detachNewThread {
                reduction.turn.lock()
                defer {
                    reduction.turn.unlock()
                    done.leave()
                }
                do {
                    var trainer = try trainer(method: method)
                    if parts > 1 {
                        trainer.dataParallelism = DataParallelism(part: part, parts: parts) { reduction.reduce(part: part, $0, &$1) }
                    }
                    var losses: [Double] = []
                    for step in 0..<steps {
                        let batches = [try batch(rows: 3, seed: UInt64(2 * step + 1)), try batch(rows: 4, seed: UInt64(2 * step + 2))]
                        losses.append(try trainer.step(batches: batches).loss)
                    }
                    let values = trainer.model.lora?.values.array ?? trainer.model.parameters.array
                    outcomes.lock.withLock { outcomes.results[part] = (losses, values) }
                } catch {
                    outcomes.lock.withLock { outcomes.failure = error }
                }
            }
        }
        done.wait()
        if let failure = outcomes.failure { throw failure }
        return (0..<parts).map { outcomes.results[$0]! }
    }

    static func relativeGap(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map { abs($0 - $1) / max(abs($1), 1e-12) }.max() ?? 0
    }

    @Test(arguments: [2, 3])
    func sharedBatchesTrainAsOneProcessDoes(parts: Int) throws {
        // LoRA on every linear layer too: its dropout masks over c_fc's and c_proj's inputs (4d wide for proj) are windowed.
        for method in [TrainingMethod.full, .lora(LoRAOptions(rank: 2, alpha: 8, dropout: 0.2)),
                       .lora(LoRAOptions(rank: 2, alpha: 8, dropout: 0.2, targets: LoRATarget.allCases))] {
            let alone = try Self.train(method: method, parts: 1)[0]
            let shared = try Self.train(method: method, parts: parts)
            for outcome in shared {
                #expect(Self.relativeGap(outcome.losses, alone.losses) < 1e-5, "\(method) on \(parts)")
                #expect(outcome.values.map(\.bitPattern) == shared[0].values.map(\.bitPattern), "ranks agree bit for bit")
                let gap = zip(outcome.values, alone.values).map { abs($0 - $1) }.max() ?? 0
                #expect(gap < 1e-4, "\(method) on \(parts): weights within \(gap)")
            }
        }
    }

    /// Rows drawn with another part's masks would train differently: the dropout windows must be the whole batch's.
    @Test func dropoutWindowsPieceTogetherTheWholeMask() {
        for total in [7, 32, 40, 45] {
            var whole = [Float](repeating: -1, count: total)
            var generator = SeededGenerator(seed: 9)
            whole.withUnsafeMutableBufferPointer { Dropout.fillMask($0.baseAddress!, count: total, probability: 0.4, generator: &generator) }
            let after = generator.next()
            for cuts in [[0, total], [0, 3, total], [0, 16, total], [0, 5, 11, 17, total]].map({ $0.filter { $0 <= total } }) {
                var pieced: [Float] = []
                for (start, end) in zip(cuts, cuts.dropFirst()) where start < end {
                    var part = [Float](repeating: -1, count: end - start)
                    var own = SeededGenerator(seed: 9)
                    part.withUnsafeMutableBufferPointer {
                        Dropout.fillMask($0.baseAddress!, window: start..<end, total: total, probability: 0.4, generator: &own)
                    }
                    #expect(own.next() == after, "window \(start)..<\(end) of \(total) draws what the whole mask draws")
                    pieced += part
                }
                #expect(pieced == whole, "cuts \(cuts) of \(total)")
            }
        }
    }

    @Test func aBatchSmallerThanTheProcessCountIsRefused() throws {
        var trainer = try Self.trainer(method: .full)
        trainer.dataParallelism = DataParallelism(part: 0, parts: 4) { _, _ in }
        #expect(throws: GPT2Error.self) { try trainer.step(batches: [try Self.batch(rows: 3, seed: 1)]) }
    }
}

