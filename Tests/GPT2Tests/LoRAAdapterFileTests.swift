import Foundation
import Testing
@testable import GPT2

@Suite("LoRAAdapterFile")
struct LoRAAdapterFileTests {
    private let tinyConfig = GPT2Config(nLayer: 2, nHead: 2, nEmbd: 32, nPositions: 32, vocabSize: 96)

    /// The q/v adapter (r 2, alpha 8) the fixture script trained against, in native names.
    private func nativeFixture() throws -> [String: HostTensor] {
        let reference = try SafeTensorsFile(contentsOf: FixtureFiles.url("tiny-lora/reference.safetensors"))
        var tensors: [String: HostTensor] = [:]
        for name in reference.names where name.hasPrefix("lora.") {
            tensors[String(name.dropFirst("lora.".count))] = try reference.floats(name)
        }
        return tensors
    }

    private func savedFixture() throws -> URL {
        let directory = try FixtureFiles.scratchDirectory().appendingPathComponent("adapter")
        try LoRAAdapterFile.save(tensors: nativeFixture(), rank: 2, alpha: 8, dropout: 0.1, targets: [.value, .query],
                                 baseModel: "tiny", base: tinyConfig, to: directory)
        return directory
    }

    private func loadingError(_ directory: URL, base: GPT2Config? = nil) -> CheckpointError? {
        do {
            _ = try LoRAAdapterFile.load(from: directory, base: base)
            return nil
        } catch {
            return error as? CheckpointError
        }
    }

    @Test func nativeToPEFTToNativeIsExact() throws {
        let native = try nativeFixture()
        #expect(native.count == 8)
        let contents = try LoRAAdapterFile.load(from: savedFixture(), base: tinyConfig)
        #expect(contents.tensors == native)
        #expect(contents.rank == 2 && contents.alpha == 8 && contents.dropout == 0.1)
        #expect(contents.targets == [.query, .value])
        #expect(contents.baseModel == "tiny")
        #expect(contents.layerCount == 2 && contents.width == 32)
    }

    @Test func writtenTensorsEqualPEFTsOwnExport() throws {
        let directory = try savedFixture()
        let ours = try SafeTensorsFile(contentsOf: directory.appendingPathComponent("adapter_model.safetensors"))
        let peft = try SafeTensorsFile(contentsOf: FixtureFiles.url("tiny-lora/peft/adapter_model.safetensors"))
        #expect(ours.names == peft.names)
        #expect(ours.names.first == "base_model.model.transformer.h.0.attn.c_attn.lora_A.weight")
        for name in peft.names { #expect(try ours.floats(name) == peft.floats(name), "\(name)") }
        #expect(ours.metadata["lorabook.targets"] == "q,v")
    }

    @Test func adapterConfigCarriesWhatPEFTNeeds() throws {
        let directory = try savedFixture()
        func fields(_ url: URL) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        }
        let ours = try fields(directory.appendingPathComponent("adapter_config.json"))
        let peft = try fields(FixtureFiles.url("tiny-lora/peft/adapter_config.json"))
        for key in ["peft_type", "task_type", "bias"] { #expect(ours[key] as? String == peft[key] as? String, "\(key)") }
        for key in ["r"] { #expect(ours[key] as? Int == peft[key] as? Int) }
        for key in ["lora_alpha", "lora_dropout"] { #expect(ours[key] as? Double == peft[key] as? Double, "\(key)") }
        for key in ["fan_in_fan_out", "use_rslora", "use_dora"] { #expect(ours[key] as? Bool == peft[key] as? Bool, "\(key)") }
        #expect(ours["target_modules"] as? [String] == ["c_attn"])
        #expect(ours["r"] as? Int == 4 && ours["lora_alpha"] as? Double == 16)
        #expect(ours["base_model_name_or_path"] as? String == "tiny")
    }

    @Test func lowRankBlocksSitInTheirSliceRowsAndTargetColumns() throws {
        let a: [LoRAAdapterFile.Target: [Float]] = [.key: [1, 2], .value: [3, 4]]
        let b: [LoRAAdapterFile.Target: [Float]] = [.key: [5, 6], .value: [7, 8]]
        var tensors: [String: HostTensor] = [:]
        for target in [LoRAAdapterFile.Target.key, .value] {
            tensors[LoRAAdapterFile.nativeName(layer: 0, target: target, matrix: "A")] = HostTensor(shape: [1, 2], values: a[target] ?? [])
            tensors[LoRAAdapterFile.nativeName(layer: 0, target: target, matrix: "B")] = HostTensor(shape: [2, 1], values: b[target] ?? [])
        }
        let directory = try FixtureFiles.scratchDirectory().appendingPathComponent("blocks")
        try LoRAAdapterFile.save(tensors: tensors, rank: 1, alpha: 3, dropout: 0, targets: [.key, .value],
                                 baseModel: "toy", to: directory)
        let file = try SafeTensorsFile(contentsOf: directory.appendingPathComponent("adapter_model.safetensors"))
        #expect(try file.floats(LoRAAdapterFile.peftName(layer: 0, matrix: "A")) == HostTensor(shape: [2, 2], values: [1, 2, 3, 4]))
        // Rows: q (zero), k (column 0), v (column 1).
        #expect(try file.floats(LoRAAdapterFile.peftName(layer: 0, matrix: "B"))
            == HostTensor(shape: [6, 2], values: [0, 0, 0, 0, 5, 0, 6, 0, 0, 7, 0, 8]))
        let loaded = try LoRAAdapterFile.load(from: directory)
        #expect(loaded.tensors == tensors && loaded.alpha == 3 && loaded.targets == [.key, .value])
    }

    @Test func genericPEFTAdapterLoadsAsSharedARankOnEachSlice() throws {
        let contents = try LoRAAdapterFile.load(from: FixtureFiles.url("tiny-lora/peft"), base: tinyConfig)
        #expect(contents.targets == [.query, .key, .value])
        #expect(contents.rank == 4 && contents.alpha == 16)
        let native = try nativeFixture()
        for layer in 0..<2 {
            let stacked = try #require(native["transformer.h.\(layer).attn.c_attn.lora_q.A"]).values
                + (try #require(native["transformer.h.\(layer).attn.c_attn.lora_v.A"])).values
            for target in [LoRAAdapterFile.Target.query, .key, .value] {
                #expect(contents.tensors[LoRAAdapterFile.nativeName(layer: layer, target: target, matrix: "A")]?.values == stacked)
            }
            let nativeQ = try #require(native["transformer.h.\(layer).attn.c_attn.lora_q.B"]).values
            let q = try #require(contents.tensors[LoRAAdapterFile.nativeName(layer: layer, target: .query, matrix: "B")])
            #expect(q.shape == [32, 4])
            for row in 0..<32 {
                #expect(Array(q.values[(row * 4)..<(row * 4 + 2)]) == Array(nativeQ[(row * 2)..<(row * 2 + 2)]))
                #expect(q.values[row * 4 + 2] == 0 && q.values[row * 4 + 3] == 0)
            }
            let k = try #require(contents.tensors[LoRAAdapterFile.nativeName(layer: layer, target: .key, matrix: "B")])
            #expect(k.values.allSatisfy { $0 == 0 })
        }
    }

    @Test func nonBlockStructuredFileClaimingLorabookLayoutIsRejected() throws {
        let directory = try savedFixture()
        let url = directory.appendingPathComponent("adapter_model.safetensors")
        let file = try SafeTensorsFile(contentsOf: url)
        var tensors: [String: SafeTensorsFile.Payload] = [:]
        for name in file.names { tensors[name] = .float32(try file.floats(name)) }
        let bName = LoRAAdapterFile.peftName(layer: 1, matrix: "B")
        var b = try file.floats(bName)
        b.values[40 * 4 + 1] = 0.5
        tensors[bName] = .float32(b)
        try SafeTensorsFile.write(tensors, metadata: file.metadata, to: url)
        let error = try #require(loadingError(directory))
        #expect(error.tensor == bName)
        #expect(error.problem == .invalidTensor(reason: "is not block-structured for targets q,v (entry [40, 1] is non-zero)"))
    }

    @Test func adapterForAnotherBaseNamesTheTensor() throws {
        let directory = try savedFixture()
        let wider = GPT2Config(nLayer: 2, nHead: 2, nEmbd: 64, nPositions: 32, vocabSize: 96)
        let error = try #require(loadingError(directory, base: wider))
        #expect(error.tensor == "base_model.model.transformer.h.0.attn.c_attn.lora_A.weight")
        #expect(error.problem == .wrongShape(found: [4, 32], expected: [4, 64]))
        let deeper = GPT2Config(nLayer: 3, nHead: 2, nEmbd: 32, nPositions: 32, vocabSize: 96)
        let missing = try #require(loadingError(directory, base: deeper))
        #expect(missing.tensor == "base_model.model.transformer.h.2.attn.c_attn.lora_A.weight")
        #expect(missing.problem == .missingTensor)
        let shallower = GPT2Config(nLayer: 1, nHead: 2, nEmbd: 32, nPositions: 32, vocabSize: 96)
        #expect(loadingError(directory, base: shallower)?.problem == .unexpectedTensor)
    }

    @Test func adaptersOnOtherModulesAreRejectedByName() throws {
        let directory = try savedFixture()
        let url = directory.appendingPathComponent("adapter_model.safetensors")
        let file = try SafeTensorsFile(contentsOf: url)
        var tensors: [String: SafeTensorsFile.Payload] = [:]
        for name in file.names { tensors[name] = .float32(try file.floats(name)) }
        let extra = "base_model.model.transformer.h.0.attn.q_proj.lora_A.weight"
        tensors[extra] = .float32(HostTensor(shape: [4, 32], values: .init(repeating: 0, count: 128)))
        try SafeTensorsFile.write(tensors, to: url)
        let error = try #require(loadingError(directory))
        #expect(error.tensor == extra)
        #expect(error.problem == .unsupported(reason: "only LoRA on attn.c_attn, attn.c_proj, mlp.c_fc and mlp.c_proj can be loaded"))
    }

    @Test func peftOptionsThatChangeTheArithmeticAreRejected() throws {
        let directory = try savedFixture()
        let configURL = directory.appendingPathComponent("adapter_config.json")
        let original = try String(contentsOf: configURL, encoding: .utf8)
        let cases = [("\"use_rslora\": false", "\"use_rslora\": true", "use_rslora (scaling alpha / sqrt(r))"),
                     ("\"use_dora\": false", "\"use_dora\": true", "use_dora"),
                     ("\"bias\": \"none\"", "\"bias\": \"all\"", "bias 'all' (only 'none')"),
                     ("\"rank_pattern\": {}", "\"rank_pattern\": {\"c_fc\": 8}", "per-module rank_pattern or alpha_pattern (only c_attn's)")]
        for (from, to, reason) in cases {
            try original.replacingOccurrences(of: from, with: to).write(to: configURL, atomically: true, encoding: .utf8)
            #expect(loadingError(directory)?.problem == .unsupported(reason: reason))
        }
    }

    @Test func saveRejectsIncompleteOrMisshapenNativeTensors() throws {
        let directory = try FixtureFiles.scratchDirectory().appendingPathComponent("bad")
        func saveError(_ tensors: [String: HostTensor], targets: [LoRAAdapterFile.Target] = [.query, .value]) -> CheckpointError? {
            do {
                try LoRAAdapterFile.save(tensors: tensors, rank: 2, alpha: 8, dropout: 0, targets: targets,
                                         baseModel: "tiny", base: tinyConfig, to: directory)
                return nil
            } catch {
                return error as? CheckpointError
            }
        }
        var missing = try nativeFixture()
        missing["transformer.h.1.attn.c_attn.lora_v.B"] = nil
        #expect(saveError(missing)?.tensor == "transformer.h.1.attn.c_attn.lora_v.B")
        #expect(saveError(missing)?.problem == .missingTensor)
        var misshapen = try nativeFixture()
        misshapen["transformer.h.0.attn.c_attn.lora_q.A"] = HostTensor(shape: [2, 16], values: .init(repeating: 0, count: 32))
        #expect(saveError(misshapen)?.problem == .wrongShape(found: [2, 16], expected: [2, 32]))
        #expect(saveError(try nativeFixture(), targets: [.query])?.tensor == "transformer.h.0.attn.c_attn.lora_v.A")
        #expect(saveError(try nativeFixture(), targets: [.query, .query])?.problem
            == .badConfig(reason: "LoRA targets must be distinct and non-empty, found [\"q\", \"q\"]"))
        #expect(!FileManager.default.fileExists(atPath: directory.path))
    }
}
