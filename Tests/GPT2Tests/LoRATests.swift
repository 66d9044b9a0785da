import Testing
@testable import GPT2

@Suite struct LoRATests {
    @Test func gpt2MediumRankFourOnQueryAndValueTrains393216Values() {
        let options = LoRAOptions(rank: 4, alpha: 32, dropout: 0.1, targets: [.query, .value])
        let trainable = options.trainableParameterCount(config: .gpt2Medium)
        #expect(trainable == 393_216)
        let share = Double(trainable) / Double(GPT2Config.gpt2Medium.parameterCount)
        #expect(GPT2Config.gpt2Medium.parameterCount == 354_823_168)
        #expect(abs(share - 0.001108) < 1e-5)
    }

    @Test func freshAdapterLeavesTheLogitsOfTheBaseModel() throws {
        let base = try TinyModels.model()
        var adapted = base
        try adapted.attachLoRA(LoRAOptions(rank: 2, alpha: 8), seed: 1)
        let batch = try TinyModels.batch()
        #expect(try adapted.logits(batch) == base.logits(batch))
        #expect(adapted.loraTensors().filter { $0.key.hasSuffix(".A") }.allSatisfy { $0.value.values.contains { $0 != 0 } })
    }

    @Test func kaimingUniformBoundIsOneOverSquareRootOfWidth() throws {
        var model = try TinyModels.model()
        try model.attachLoRA(LoRAOptions(rank: 4, alpha: 8), seed: 2)
        let a = model.loraTensors().filter { $0.key.hasSuffix(".A") }.flatMap { $0.value.values }
        let bound = 1 / Float(8).squareRoot()
        #expect(a.allSatisfy { abs($0) <= bound })
        #expect(a.max()! > 0.8 * bound && a.min()! < -0.8 * bound)
    }

    @Test func mergedAdapterGivesTheSameLogitsAndUnmergeRestoresWeights() throws {
        let options = LoRAOptions(rank: 2, alpha: 8, targets: [.query, .key, .value])
        let model = try TinyModels.withRandomLoRA(try TinyModels.model(), options: options)
        let batch = try TinyModels.batch()
        let unmergedLogits = try model.logits(batch)
        var merged = model
        merged.merge()
        #expect(merged.isLoRAMerged)
        let mergedLogits = try merged.logits(batch)
        let difference = zip(unmergedLogits, mergedLogits).map { abs($0 - $1) }.max() ?? 0
        #expect(difference < 1e-5)
        #expect(merged.parameters != model.parameters)
        merged.unmerge()
        let restored = zip(merged.parameters.array, model.parameters.array).map { abs($0 - $1) }.max() ?? 0
        #expect(restored < 1e-6)
        var withoutAdapter = model
        withoutAdapter.lora = nil
        #expect(try withoutAdapter.logits(batch) != unmergedLogits)
    }

    @Test func tensorsRoundTripUnderNativeNames() throws {
        let options = LoRAOptions(rank: 2, alpha: 8)
        let model = try TinyModels.withRandomLoRA(try TinyModels.model(), options: options)
        let tensors = model.loraTensors()
        #expect(Set(tensors.keys) == [
            "transformer.h.0.attn.c_attn.lora_q.A", "transformer.h.0.attn.c_attn.lora_q.B",
            "transformer.h.0.attn.c_attn.lora_v.A", "transformer.h.0.attn.c_attn.lora_v.B",
            "transformer.h.1.attn.c_attn.lora_q.A", "transformer.h.1.attn.c_attn.lora_q.B",
            "transformer.h.1.attn.c_attn.lora_v.A", "transformer.h.1.attn.c_attn.lora_v.B",
        ])
        #expect(tensors["transformer.h.1.attn.c_attn.lora_v.A"]?.shape == [2, 8])
        #expect(tensors["transformer.h.1.attn.c_attn.lora_v.B"]?.shape == [8, 2])
        var other = try TinyModels.model()
        try other.attachLoRA(options, seed: 99)
        try other.loadLoRATensors(tensors)
        #expect(other.loraTensors() == tensors)
    }

    @Test func loadingNamesTheMissingOrMisshapedTensor() throws {
        var model = try TinyModels.model()
        try model.attachLoRA(LoRAOptions(rank: 2, alpha: 8), seed: 1)
        var tensors = model.loraTensors()
        tensors["transformer.h.1.attn.c_attn.lora_q.B"] = nil
        #expect(throws: GPT2Error.missingTensor(name: "transformer.h.1.attn.c_attn.lora_q.B")) {
            try model.loadLoRATensors(tensors)
        }
        tensors["transformer.h.1.attn.c_attn.lora_q.B"] = HostTensor(shape: [2, 8], values: Array(repeating: 0, count: 16))
        #expect(throws: GPT2Error.wrongShape(name: "transformer.h.1.attn.c_attn.lora_q.B", expected: [8, 2], found: [2, 8])) {
            try model.loadLoRATensors(tensors)
        }
    }

    @Test func loraStepsTrainOnlyTheAdapter() throws {
        let base = try TinyModels.model(config: TinyModels.config(dropout: 0.1))
        let options = LoRAOptions(rank: 2, alpha: 8, dropout: 0.1)
        var trainer = try Trainer(model: base, method: .lora(options), schedule: .constant(1e-2), seed: 3)
        let initialAdapter = trainer.model.loraTensors()
        let batch = try TinyModels.batch()
        for _ in 0..<3 { _ = try trainer.step(batches: [batch]) }
        #expect(trainer.model.parameters == base.parameters)
        #expect(trainer.model.loraTensors() != initialAdapter)
        let trainable = options.trainableParameterCount(config: base.config)
        #expect(trainer.trainableParameterCount == trainable)
        #expect(trainer.gradientByteCount == 4 * trainable)
        #expect(trainer.optimizerStateByteCount == 8 * trainable)
    }

    @Test func loraTrainingLowersTheLoss() throws {
        let base = try TinyModels.model()
        var trainer = try Trainer(model: base, method: .lora(LoRAOptions(rank: 2, alpha: 8, dropout: 0)),
                                  schedule: .constant(2e-2), seed: 3)
        let batch = try TinyModels.batch()
        let before = try trainer.model.evaluateLoss(batch).mean
        for _ in 0..<20 { _ = try trainer.step(batches: [batch]) }
        let after = try trainer.model.evaluateLoss(batch).mean
        #expect(after < before - 0.1)
    }
}
