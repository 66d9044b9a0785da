import Foundation
import Testing
@testable import GPT2

/// AdapterH and AdapterL against AdapterHub's `adapters` package itself (tools/make_adapterhub_fixtures.py,
/// Fixtures/tiny-adapterhub): the same random non-zero adapter values on the tiny base give AdapterHub's logits, loss
/// and the gradient of every adapter tensor, each within 1e-5 of the reference tensor's largest magnitude (float32
/// summation order; measured at most 6e-7), the losses within 1e-5. AdapterH is AdapterHub's DoubleSeqBnConfig
/// (Houlsby) with the tanh GELU; AdapterL is its SeqBnConfig (Pfeiffer) with `ln_before`, which on GPT-2 (pre-LN: no
/// LayerNorm after the MLP for Pfeiffer's adapter to reuse) is Lin et al.'s adapter on the block output. In eval mode
/// (no dropout); in training both run the AdapterH adapters after the branch's dropout, as Houlsby's adapter-bert
/// (see `AdapterPoint`, AdapterDropoutTests).
@Suite struct AdapterHubParityTests {
    @Test(arguments: [BottleneckOptions.Kind.houlsby, .lin])
    func logitsLossAndAdapterGradientsMatchAdapterHub(kind: BottleneckOptions.Kind) throws {
        let reference = try SafeTensorsFile(contentsOf: try HFParityTests.fixture("tiny-adapterhub")
            .appendingPathComponent("\(kind.rawValue).safetensors"))
        let batch = try HFParityTests.batch(try SafeTensorsFile(contentsOf: try HFParityTests.fixture("tiny")
            .appendingPathComponent("reference.safetensors")))
        var tensors: [String: HostTensor] = [:]
        for name in reference.names where name.hasPrefix("adapter.") {
            tensors[String(name.dropFirst("adapter.".count))] = try reference.floats(name)
        }
        let down = try #require(tensors.first { $0.key.hasSuffix(".down.weight") }?.value)
        let options = BottleneckOptions(kind: kind, size: try #require(down.shape.last))
        var model = try HFParityTests.baseModel()
        try model.attachAdapter(options, seed: 1)
        let entries = try #require(model.adapter).entries()
        #expect(Set(tensors.keys) == Set(entries.map(\.name)), "\(kind): AdapterHub's tensors are exactly lorabook's")
        try model.loadAdapterTensors(tensors)

        HFParityTests.expectClose(try model.logits(batch), try reference.floats("logits").values, "\(kind) logits",
                                  tolerance: 1e-5)
        let loss = try model.evaluateLoss(batch, labelSmoothing: 0.1)
        #expect(abs(loss.mean - Double(try reference.floats("loss").values[0])) < 1e-5, "\(kind) loss \(loss.mean)")
        let plain = try model.evaluateLoss(batch)
        #expect(abs(plain.mean - Double(try reference.floats("loss_unsmoothed").values[0])) < 1e-5)

        var trainer = try Trainer(model: model, method: .adapter(options), schedule: .constant(0), seed: 1,
                                  labelSmoothing: 0.1)
        _ = try trainer.accumulateGradients(batches: [batch])
        let gradients = trainer.lastGradients
        for entry in entries {
            let expected = try reference.floats("grad.adapter." + entry.name)
            #expect(expected.shape == entry.shape, "\(kind) \(entry.name): shape")
            HFParityTests.expectClose(Array(gradients[entry.offset..<(entry.offset + expected.count)]), expected.values,
                                      "\(kind) grad \(entry.name)", tolerance: 1e-5)
        }
    }
}
