import Foundation
import Testing
@testable import GPT2

/// Logits, label-smoothed loss and every gradient against Hugging Face transformers on the committed
/// fixtures (tools/make_gpt2_fixtures.py): differences stay below 1e-4 of the reference's largest magnitude.
@Suite struct HFParityTests {
    static func fixture(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
    }

    /// The base model in eval mode (dropout off, as the reference was computed).
    static func baseModel() throws -> GPT2Model {
        let checkpoint = try Checkpoint.load(directory: try fixture("tiny"))
        var config = checkpoint.config
        config.residDropout = 0
        config.attnDropout = 0
        config.embdDropout = 0
        return try GPT2Model(config: config, weights: checkpoint.tensors)
    }

    /// HF labels (-100 ignored, labels[t] predicted from logits[t-1]) as this engine's shifted batch.
    static func batch(_ reference: SafeTensorsFile) throws -> Batch {
        let ids = try reference.integers("input_ids"), labels = try reference.integers("labels")
        let rows = ids.shape[0], length = ids.shape[1]
        var targets = [Int32](repeating: 0, count: rows * length), mask = [Float](repeating: 0, count: rows * length)
        for row in 0..<rows {
            for t in 0..<(length - 1) where labels.values[row * length + t + 1] != -100 {
                targets[row * length + t] = Int32(labels.values[row * length + t + 1])
                mask[row * length + t] = 1
            }
        }
        return try Batch(inputs: ids.values.map { Int32($0) }, targets: targets, lossMask: mask,
                         batchSize: rows, sequenceLength: length)
    }

    /// Every value within `tolerance` times the reference's largest magnitude.
    static func expectClose(_ values: [Float], _ reference: [Float], _ label: String, tolerance: Float = 1e-4) {
        #expect(values.count == reference.count, "\(label): count")
        let scale = reference.map { abs($0) }.max() ?? 0
        let difference = zip(values, reference).map { abs($0 - $1) }.max() ?? .infinity
        #expect(difference <= tolerance * max(scale, 1e-6), "\(label): max difference \(difference), reference scale \(scale)")
    }

    @Test func baseModelMatchesLogitsLossAndEveryGradient() throws {
        let model = try Self.baseModel()
        let reference = try SafeTensorsFile(contentsOf: try Self.fixture("tiny").appendingPathComponent("reference.safetensors"))
        let batch = try Self.batch(reference)
        Self.expectClose(try model.logits(batch), try reference.floats("logits").values, "logits")
        let loss = try model.evaluateLoss(batch, labelSmoothing: 0.1)
        #expect(abs(loss.mean - Double(try reference.floats("loss").values[0])) < 1e-5)
        let plain = try model.evaluateLoss(batch)
        #expect(abs(plain.mean - Double(try reference.floats("loss_unsmoothed").values[0])) < 1e-5)

        var trainer = try Trainer(model: model, method: .full, schedule: .constant(0), seed: 1, labelSmoothing: 0.1)
        _ = try trainer.accumulateGradients(batches: [batch])
        let gradients = trainer.lastGradients
        for entry in model.layout.entries {
            let expected = try reference.floats("grad." + entry.name)
            #expect(expected.shape == entry.shape, "\(entry.name): shape")
            Self.expectClose(Array(gradients[entry.offset..<(entry.offset + entry.count)]), expected.values, "grad \(entry.name)")
        }
    }

    @Test func loraOnQueryAndValueMatchesLogitsLossAndAdapterGradients() throws {
        let reference = try SafeTensorsFile(contentsOf: try Self.fixture("tiny-lora").appendingPathComponent("reference.safetensors"))
        let options = LoRAOptions(rank: 2, alpha: 8, dropout: 0, targets: [.query, .value])
        var model = try Self.baseModel()
        try model.attachLoRA(options, seed: 1)
        var tensors: [String: HostTensor] = [:]
        for name in reference.names where name.hasPrefix("lora.") {
            tensors[String(name.dropFirst("lora.".count))] = try reference.floats(name)
        }
        try model.loadLoRATensors(tensors)
        let batch = try Self.batch(reference)
        Self.expectClose(try model.logits(batch), try reference.floats("logits").values, "logits")
        let loss = try model.evaluateLoss(batch, labelSmoothing: 0.1)
        #expect(abs(loss.mean - Double(try reference.floats("loss").values[0])) < 1e-5)

        var trainer = try Trainer(model: model, method: .lora(options), schedule: .constant(0), seed: 1, labelSmoothing: 0.1)
        _ = try trainer.accumulateGradients(batches: [batch])
        let gradients = trainer.lastGradients
        let adapter = try #require(trainer.model.lora)
        for layer in 0..<model.config.nLayer {
            for target in options.targets {
                for (matrix, offset) in [("A", adapter.aOffset(layer: layer, target: target)),
                                         ("B", adapter.bOffset(layer: layer, target: target))] {
                    let name = LoRAAdapter.tensorName(layer: layer, target: target, matrix: matrix)
                    let expected = try reference.floats("grad.lora." + name)
                    Self.expectClose(Array(gradients[offset..<(offset + expected.count)]), expected.values, "grad \(name)")
                }
            }
        }
        var merged = model
        merged.merge()
        Self.expectClose(try merged.logits(batch), try reference.floats("logits").values, "merged logits")
    }
}

/// The PEFT adapter saved by PEFT itself, read through `LoRAAdapterFile`, drives this engine to PEFT's logits.
@Suite struct PEFTAdapterParityTests {
    @Test func peftSavedAdapterReproducesTheReferenceLogits() throws {
        let reference = try SafeTensorsFile(contentsOf: try HFParityTests.fixture("tiny-lora").appendingPathComponent("reference.safetensors"))
        var model = try HFParityTests.baseModel()
        let contents = try LoRAAdapterFile.load(from: try HFParityTests.fixture("tiny-lora").appendingPathComponent("peft"),
                                                base: model.config)
        let targets = contents.targets.compactMap { LoRATarget(rawValue: $0.rawValue) }
        try model.attachLoRA(LoRAOptions(rank: contents.rank, alpha: contents.alpha, dropout: contents.dropout, targets: targets),
                             seed: 1)
        try model.loadLoRATensors(contents.tensors)
        HFParityTests.expectClose(try model.logits(try HFParityTests.batch(reference)), try reference.floats("logits").values,
                                  "PEFT adapter logits")
    }
}
