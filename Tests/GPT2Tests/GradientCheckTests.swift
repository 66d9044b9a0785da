import Testing
@testable import GPT2

/// Backward-pass gradients against central finite differences of the same (float) loss on a tiny model.
@Suite struct GradientCheckTests {
    /// Loss of one accumulation with fixed dropout masks (a fresh trainer with the same seed draws the same masks).
    static func loss(_ model: GPT2Model, method: TrainingMethod, batch: Batch, smoothing: Float) throws -> Double {
        var trainer = try Trainer(model: model, method: method, schedule: .constant(0), seed: 5, labelSmoothing: smoothing)
        return try trainer.accumulateGradients(batches: [batch]).loss
    }

    static func analytic(_ model: GPT2Model, method: TrainingMethod, batch: Batch, smoothing: Float) throws -> [Float] {
        var trainer = try Trainer(model: model, method: method, schedule: .constant(0), seed: 5, labelSmoothing: smoothing)
        _ = try trainer.accumulateGradients(batches: [batch])
        return trainer.lastGradients
    }

    /// Indices checked per tensor: first, last and a few spread between.
    static func probes(offset: Int, count: Int) -> [Int] {
        Array(Set([0, count / 3, count / 2, 2 * count / 3, count - 1].map { offset + $0 })).sorted()
    }

    static func expectClose(_ numeric: Double, _ analytic: Float, _ label: String) {
        let tolerance = 5e-4 + 1e-2 * abs(Double(analytic))
        #expect(abs(numeric - Double(analytic)) <= tolerance, "\(label): finite difference \(numeric), backward \(analytic)")
    }

    /// Central finite differences of the loss, `nudge` moving value `index` by +-h, against `gradients[index]` per probe.
    static func checkProbes(_ model: GPT2Model, method: TrainingMethod, batch: Batch, smoothing: Float, gradients: [Float],
                            probes: [(index: Int, label: String)], nudge: (inout GPT2Model, Int, Float) -> Void) throws {
        let h: Float = 1e-2
        for probe in probes {
            var plus = model, minus = model
            nudge(&plus, probe.index, h)
            nudge(&minus, probe.index, -h)
            let numeric = (try loss(plus, method: method, batch: batch, smoothing: smoothing)
                - loss(minus, method: method, batch: batch, smoothing: smoothing)) / Double(2 * h)
            expectClose(numeric, gradients[probe.index], probe.label)
        }
    }

    static func checkFull(config: GPT2Config, smoothing: Float) throws {
        let model = try TinyModels.model(config: config)
        let batch = try TinyModels.batch()
        let gradients = try analytic(model, method: .full, batch: batch, smoothing: smoothing)
        let h: Float = 1e-2
        for entry in model.layout.entries {
            for index in probes(offset: entry.offset, count: entry.count) {
                var plus = model, minus = model
                plus.parameters.mutablePointer()[index] += h
                minus.parameters.mutablePointer()[index] -= h
                let numeric = (try loss(plus, method: .full, batch: batch, smoothing: smoothing)
                    - loss(minus, method: .full, batch: batch, smoothing: smoothing)) / Double(2 * h)
                expectClose(numeric, gradients[index], "\(entry.name)[\(index - entry.offset)]")
            }
        }
    }

    @Test func everyParameterKindMatchesFiniteDifferencesWithLabelSmoothing() throws {
        try Self.checkFull(config: TinyModels.config(), smoothing: 0.1)
    }

    @Test func gradientsFollowTheDropoutMasks() throws {
        try Self.checkFull(config: TinyModels.config(dropout: 0.2), smoothing: 0)
    }

    /// LoRA's A and B of a random adapter with `options` against finite differences at the indices `probes` picks
    /// (given the adapter and its value count).
    static func checkLoRA(_ options: LoRAOptions, probes: (LoRAAdapter, Int) -> [Int]) throws {
        let model = try TinyModels.withRandomLoRA(try TinyModels.model(), options: options)
        let batch = try TinyModels.batch()
        let method = TrainingMethod.lora(options)
        let gradients = try Self.analytic(model, method: method, batch: batch, smoothing: 0.1)
        #expect(gradients.count == options.trainableParameterCount(config: model.config))
        let checked = probes(try #require(model.lora), gradients.count).map { ($0, "LoRA \(options.targets) value \($0)") }
        try checkProbes(model, method: method, batch: batch, smoothing: 0.1, gradients: gradients, probes: checked) {
            $0.lora?.values.mutablePointer()[$1] += $2
        }
        #expect(gradients.contains { abs($0) > 1e-3 }, "LoRA gradients are not all zero")
    }

    @Test func loraMatricesMatchFiniteDifferences() throws {
        for targets in [[LoRATarget.query, .value], [.key]] {
            try Self.checkLoRA(LoRAOptions(rank: 2, alpha: 4, dropout: 0.2, targets: targets)) { _, count in
                Self.probes(offset: 0, count: count) + [17, 40, 77].map { $0 % count }
            }
        }
    }
}
