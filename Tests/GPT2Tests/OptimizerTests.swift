import Foundation
import Testing
@testable import GPT2

@Suite struct OptimizerTests {
    /// torch.optim.AdamW, written out in double precision for two steps.
    static func reference(parameter: Double, gradients: [Double], lr: Double, options: AdamWOptions) -> Double {
        var p = parameter, m = 0.0, v = 0.0
        let b1 = Double(options.beta1), b2 = Double(options.beta2)
        for (t, g) in gradients.enumerated() {
            let step = Double(t + 1)
            p *= 1 - lr * Double(options.weightDecay)
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            let denominator = v.squareRoot() / (1 - pow(b2, step)).squareRoot() + Double(options.epsilon)
            p -= lr / (1 - pow(b1, step)) * m / denominator
        }
        return p
    }

    @Test func adamWMatchesTorchSemanticsIncludingDecoupledDecay() {
        let options = AdamWOptions(weightDecay: 0.1)
        let count = 37
        let start = (0..<count).map { Float($0) * 0.1 - 1.5 }
        let steps: [[Float]] = [(0..<count).map { Float(($0 % 7) - 3) * 0.01 }, (0..<count).map { Float(($0 % 5) - 2) * 0.02 }]
        var optimizer = AdamW(options: options, parameterCount: count)
        var parameters = start
        for gradient in steps {
            parameters.withUnsafeMutableBufferPointer { p in
                gradient.withUnsafeBufferPointer { g in
                    optimizer.update(parameters: p.baseAddress!, gradients: g.baseAddress!, count: count, learningRate: 0.05)
                }
            }
        }
        for i in 0..<count {
            let expected = Self.reference(parameter: Double(start[i]), gradients: steps.map { Double($0[i]) }, lr: 0.05,
                                          options: options)
            #expect(abs(Double(parameters[i]) - expected) < 1e-5, "parameter \(i)")
        }
        #expect(optimizer.stepCount == 2)
    }

    @Test func scheduleWarmsUpLinearlyThenDecaysToZero() {
        let schedule = LearningRateSchedule(peak: 2e-4, warmupSteps: 4, totalSteps: 12)
        #expect(schedule.learningRate(atStep: 0) == 0)
        #expect(schedule.learningRate(atStep: 2) == 1e-4)
        #expect(schedule.learningRate(atStep: 4) == 2e-4)
        #expect(schedule.learningRate(atStep: 8) == 1e-4)
        #expect(schedule.learningRate(atStep: 12) == 0)
        #expect(schedule.learningRate(atStep: 20) == 0)
        #expect(LearningRateSchedule.constant(3e-3).learningRate(atStep: 1_000_000) == 3e-3)
    }

    @Test func clippingScalesTheUpdateToTheMaximumNorm() throws {
        let model = try TinyModels.model()
        let batch = try TinyModels.batch()
        var probe = try Trainer(model: model, method: .full, schedule: .constant(0), seed: 1)
        let norm = try probe.step(batches: [batch]).gradientNorm
        #expect(norm > 0.1)
        var clipped = try Trainer(model: model, method: .full, optimizer: AdamWOptions(weightDecay: 0),
                                  schedule: .constant(1e-3), seed: 1, maxGradientNorm: Float(norm / 10))
        var free = try Trainer(model: model, method: .full, optimizer: AdamWOptions(weightDecay: 0),
                               schedule: .constant(1e-3), seed: 1)
        _ = try clipped.step(batches: [batch])
        _ = try free.step(batches: [batch])
        // Adam's first step is scale-invariant except through eps, so both move every weight by about lr.
        let moved = zip(clipped.model.parameters.array, model.parameters.array).map { abs($0 - $1) }.max() ?? 0
        #expect(abs(moved - 1e-3) < 1e-4)
        #expect(clipped.lastGradients.map { Double($0 * $0) }.reduce(0, +).squareRoot() < norm / 10 * 1.0001)
        #expect(free.lastGradients.map { Double($0 * $0) }.reduce(0, +).squareRoot() > norm * 0.999)
    }
}
