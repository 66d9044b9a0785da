import Foundation
import PropertyBased
import Testing
@testable import GPT2

/// Seeded random corruptions of a real checkpoint and adapter (bytes flipped in the header and data, files
/// cut short, config values replaced) load or fail with an error, never crash.
@Suite struct CheckpointFuzzTests {
    static let count = Int(ProcessInfo.processInfo.environment["LORABOOK_FUZZ_COUNT"] ?? "") ?? 150

    /// Up to eight (offset, byte) replacements, mostly in the first 2 KiB where the header lives, and a cut.
    static let damage = Gen.int(in: 0...2_047).array(of: 1...8)
        .map { offsets in offsets.map { ($0 * 7919) % 2_048 } }

    static func damaged(_ bytes: Data, offsets: [Int], value: Int, cut: Int?) -> Data {
        var copy = bytes
        for offset in offsets where offset < copy.count { copy[copy.startIndex + offset] = UInt8(truncatingIfNeeded: value &+ offset) }
        if let cut { copy = copy.prefix(min(copy.count, cut)) }
        return copy
    }

    @Test func damagedCheckpointsLoadOrFailWithAnError() async throws {
        let source = try FixtureFiles.url("tiny")
        let weights = try Data(contentsOf: source.appendingPathComponent("model.safetensors"))
        let config = try Data(contentsOf: source.appendingPathComponent("config.json"))
        let folder = try FixtureFiles.scratchDirectory().appendingPathComponent("fuzz-checkpoint")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        await propertyCheck(count: Self.count, input: Self.damage, Gen.int(in: 0...255), Gen.int(in: 0...130_000).optional(valueRate: 0.2)) {
            offsets, value, cut in
            try Self.damaged(weights, offsets: offsets, value: value, cut: cut)
                .write(to: folder.appendingPathComponent("model.safetensors"))
            try Self.damaged(config, offsets: offsets.filter { _ in value % 3 == 0 }, value: value, cut: nil)
                .write(to: folder.appendingPathComponent("config.json"))
            if let loaded = try? Checkpoint.load(directory: folder) {
                #expect(loaded.tensors.values.allSatisfy { $0.values.allSatisfy(\.isFinite) })
            }
        }
    }

    @Test func damagedAdaptersLoadOrFailWithAnError() async throws {
        let source = try FixtureFiles.url("tiny-lora/peft")
        let weights = try Data(contentsOf: source.appendingPathComponent("adapter_model.safetensors"))
        let config = try Data(contentsOf: source.appendingPathComponent("adapter_config.json"))
        let base = try Checkpoint.load(directory: FixtureFiles.url("tiny")).config
        let folder = try FixtureFiles.scratchDirectory().appendingPathComponent("fuzz-adapter")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        await propertyCheck(count: Self.count, input: Self.damage, Gen.int(in: 0...255), Gen.bool) { offsets, value, inConfig in
            try (inConfig ? weights : Self.damaged(weights, offsets: offsets, value: value, cut: nil))
                .write(to: folder.appendingPathComponent("adapter_model.safetensors"))
            try (inConfig ? Self.damaged(config, offsets: offsets.map { $0 % max(1, config.count) }, value: value, cut: nil) : config)
                .write(to: folder.appendingPathComponent("adapter_config.json"))
            _ = try? LoRAAdapterFile.load(from: folder, base: base)
        }
    }
}
