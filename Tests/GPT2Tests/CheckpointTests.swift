import Foundation
import Testing
@testable import GPT2

@Suite("Checkpoint")
struct CheckpointTests {
    private let tinyConfig = GPT2Config(nLayer: 2, nHead: 2, nEmbd: 32, nPositions: 32, vocabSize: 96)

    private func tiny() throws -> (config: GPT2Config, tensors: [String: HostTensor]) {
        try Checkpoint.load(directory: FixtureFiles.url("tiny"))
    }

    /// A checkpoint folder with the tiny config and the given raw safetensors entries.
    private func folder(with tensors: [String: SafeTensorsFile.Payload]) throws -> URL {
        let folder = try FixtureFiles.scratchDirectory().appendingPathComponent("checkpoint")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: FixtureFiles.url("tiny/config.json"),
                                         to: folder.appendingPathComponent("config.json"))
        try SafeTensorsFile.write(tensors, metadata: ["format": "pt"], to: folder.appendingPathComponent("model.safetensors"))
        return folder
    }

    private func loadingError(_ directory: URL) -> CheckpointError? {
        do {
            _ = try Checkpoint.load(directory: directory)
            return nil
        } catch {
            return error as? CheckpointError
        }
    }

    @Test func huggingFaceCheckpointLoadsWithConfigShapesAndValues() throws {
        let (config, tensors) = try tiny()
        #expect(config == tinyConfig)
        let expected = Checkpoint.parameterShapes(for: config)
        #expect(expected.count == 28)
        #expect(Set(tensors.keys) == Set(expected.map(\.name)))
        for (name, shape) in expected { #expect(tensors[name]?.shape == shape, "\(name)") }
        let raw = try SafeTensorsFile(contentsOf: FixtureFiles.url("tiny/model.safetensors"))
        #expect(tensors["transformer.h.1.mlp.c_fc.weight"] == (try raw.floats("transformer.h.1.mlp.c_fc.weight")))
        #expect(tensors["transformer.ln_f.weight"]?.values.contains { $0 != 1 } == true)
    }

    @Test func aNaNWeightIsRejectedNamingItsTensor() throws {
        var (config, tensors) = try tiny()
        tensors["transformer.h.0.attn.c_attn.weight"]?.values[5] = .nan
        tensors["transformer.h.0.attn.c_attn.weight"]?.values[9] = .infinity
        let folder = try FixtureFiles.scratchDirectory().appendingPathComponent("nan-checkpoint")
        try Checkpoint.save(config: config, tensors: tensors, to: folder)
        let error = try #require(loadingError(folder))
        #expect(error.tensor == "transformer.h.0.attn.c_attn.weight")
        #expect(error.problem == .invalidTensor(reason: "2 non-finite values (the first, nan, at flat index 5)"))
    }

    @Test func halfPrecisionCheckpointsLoadAsRoundedFloat32() throws {
        let (_, full) = try tiny()
        let (_, half) = try Checkpoint.load(directory: FixtureFiles.url("tiny-f16"))
        let (_, bfloat) = try Checkpoint.load(directory: FixtureFiles.url("tiny-bf16"))
        for (name, tensor) in full {
            #expect(half[name]?.values == tensor.values.map { Float(Float16($0)) }, "\(name)")
            #expect(bfloat[name]?.values == tensor.values.map(roundedToBFloat16), "\(name)")
        }
    }

    /// Round to nearest even at bfloat16's 8-bit significand, as torch's `.to(torch.bfloat16)` does.
    private func roundedToBFloat16(_ value: Float) -> Float {
        let bits = value.bitPattern
        let rounded = bits &+ 0x7FFF &+ ((bits >> 16) & 1)
        return Float(bitPattern: rounded & 0xFFFF_0000)
    }

    @Test func saveWritesWhatHuggingFaceWritesAndLoadsBackExactly() throws {
        let (config, tensors) = try tiny()
        let directory = try FixtureFiles.scratchDirectory().appendingPathComponent("saved")
        try Checkpoint.save(config: config, tensors: tensors, to: directory)
        #expect(try Data(contentsOf: directory.appendingPathComponent("model.safetensors"))
            == Data(contentsOf: FixtureFiles.url("tiny/model.safetensors")))
        let (reloadedConfig, reloaded) = try Checkpoint.load(directory: directory)
        #expect(reloadedConfig == config)
        #expect(reloaded == tensors)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("config.json")))
        let fields = try #require(json as? [String: Any])
        #expect(fields["model_type"] as? String == "gpt2")
        #expect(fields["activation_function"] as? String == "gelu_new")
        #expect(fields["n_embd"] as? Int == 32)
        #expect(fields["layer_norm_epsilon"] as? Double == 1e-5)
    }

    @Test func hubNamesWithoutPrefixMaskBuffersAndTiedHeadAreNormalised() throws {
        let (_, tensors) = try tiny()
        var stored: [String: SafeTensorsFile.Payload] = [:]
        for (name, tensor) in tensors { stored[String(name.dropFirst("transformer.".count))] = .float32(tensor) }
        stored["h.0.attn.bias"] = .float32(HostTensor(shape: [1, 1, 32, 32], values: .init(repeating: 1, count: 1024)))
        stored["h.1.attn.masked_bias"] = .float32(HostTensor(shape: [], values: [-1e4]))
        stored["lm_head.weight"] = .float32(try #require(tensors["transformer.wte.weight"]))
        let loaded = try Checkpoint.load(directory: folder(with: stored))
        #expect(loaded.tensors == tensors)
    }

    @Test func prefixedAndBareCopiesOfOneTensorAreRejected() throws {
        var stored = try tiny().tensors.mapValues { SafeTensorsFile.Payload.float32($0) }
        stored["ln_f.bias"] = stored["transformer.ln_f.bias"]
        let error = try #require(loadingError(folder(with: stored)))
        #expect(error.tensor == "transformer.ln_f.bias")
        #expect(error.problem == .invalidTensor(reason: "duplicates 'ln_f.bias'"))
    }

    @Test func foldersWithoutSafetensorsWeightsSayWhatIsThere() throws {
        let directory = try folder(with: tiny().tensors.mapValues { .float32($0) })
        let weights = directory.appendingPathComponent("model.safetensors")
        try FileManager.default.removeItem(at: weights)
        #expect(loadingError(directory) == CheckpointError(file: weights.path, problem: .unreadable(reason: "no such file")))
        try Data().write(to: directory.appendingPathComponent("pytorch_model.bin"))
        #expect(loadingError(directory)?.problem
            == .unreadable(reason: "only pytorch_model.bin is there; lorabook reads safetensors only"))
        try Data("{}".utf8).write(to: directory.appendingPathComponent("model.safetensors.index.json"))
        #expect(loadingError(directory)?.problem
            == .unreadable(reason: "sharded checkpoints (model.safetensors.index.json) are not supported"))
    }

    @Test func untiedHeadIsRejected() throws {
        var (_, tensors) = try tiny()
        var head = try #require(tensors["transformer.wte.weight"])
        head.values[5] += 1
        tensors["lm_head.weight"] = head
        let error = try #require(loadingError(folder(with: tensors.mapValues { .float32($0) })))
        #expect(error.tensor == "lm_head.weight")
        #expect(error.problem == .untiedHead)
    }

    @Test func wrongShapeNamesTheTensorAndBothShapes() throws {
        var (_, tensors) = try tiny()
        tensors["transformer.h.1.attn.c_attn.weight"] = HostTensor(shape: [32, 64], values: .init(repeating: 0, count: 2048))
        let error = try #require(loadingError(folder(with: tensors.mapValues { .float32($0) })))
        #expect(error.problem == .wrongShape(found: [32, 64], expected: [32, 96]))
        #expect(error.description.hasSuffix(
            "model.safetensors: tensor 'transformer.h.1.attn.c_attn.weight' has shape [32, 64], expected [32, 96]"))
    }

    @Test func missingTensorIsNamed() throws {
        var (_, tensors) = try tiny()
        tensors["transformer.h.0.mlp.c_proj.bias"] = nil
        let error = try #require(loadingError(folder(with: tensors.mapValues { .float32($0) })))
        #expect(error.tensor == "transformer.h.0.mlp.c_proj.bias")
        #expect(error.problem == .missingTensor)
    }

    @Test func integerTensorWhereWeightsBelongIsAWrongDType() throws {
        var stored = try tiny().tensors.mapValues { SafeTensorsFile.Payload.float32($0) }
        stored["transformer.ln_f.bias"] = .int64(.init(shape: [32], values: .init(repeating: 0, count: 32)))
        let error = try #require(loadingError(folder(with: stored)))
        #expect(error.tensor == "transformer.ln_f.bias")
        #expect(error.problem == .wrongDType(found: "I64", expected: "F32, F16 or BF16"))
    }

    @Test func tensorsForALargerModelAreUnexpected() throws {
        var (_, tensors) = try tiny()
        tensors["transformer.h.2.ln_1.weight"] = HostTensor(shape: [32], values: .init(repeating: 1, count: 32))
        let error = try #require(loadingError(folder(with: tensors.mapValues { .float32($0) })))
        #expect(error.tensor == "transformer.h.2.ln_1.weight")
        #expect(error.problem == .unexpectedTensor)
    }

    @Test func unsupportedOrBrokenConfigsAreRejectedWithTheReason() throws {
        let directory = try folder(with: tiny().tensors.mapValues { .float32($0) })
        let configURL = directory.appendingPathComponent("config.json")
        let cases: [(String, String)] = [
            (#"{"n_layer": 2, "n_head": 2"#, "not valid JSON"),
            (#"{"n_head": 2, "n_embd": 32}"#, "missing key 'n_layer'"),
            (#"{"n_layer": 2, "n_head": 2, "n_embd": 32, "activation_function": "relu"}"#,
             "activation_function 'relu' is not supported (the engine computes tanh-approximated GELU)"),
            (#"{"n_layer": 2, "n_head": 3, "n_embd": 32}"#, "n_embd 32 is not a multiple of n_head 3"),
            (#"{"n_layer": "two", "n_head": 2, "n_embd": 32}"#, "'n_layer' has the wrong type"),
        ]
        for (json, reason) in cases {
            try Data(json.utf8).write(to: configURL)
            let error = try #require(loadingError(directory))
            #expect(error.problem == .badConfig(reason: reason))
            #expect(error.file == configURL.path)
        }
    }

    @Test func failedSaveLeavesTheOldCheckpointIntact() throws {
        let (config, tensors) = try tiny()
        let parent = try FixtureFiles.scratchDirectory()
        let directory = parent.appendingPathComponent("kept")
        try Checkpoint.save(config: config, tensors: tensors, to: directory)
        var broken = tensors
        broken["transformer.wpe.weight"] = HostTensor(shape: [16, 32], values: .init(repeating: 0, count: 512))
        let error = try #require(throws: CheckpointError.self) {
            try Checkpoint.save(config: config, tensors: broken, to: directory)
        }
        #expect(error.problem == .wrongShape(found: [16, 32], expected: [32, 32]))
        #expect(try Checkpoint.load(directory: directory).tensors == tensors)
        #expect(try FixtureFiles.entries(of: parent) == ["kept"])
    }

    @Test func overwritingReplacesTheWholeFolder() throws {
        let (config, tensors) = try tiny()
        let parent = try FixtureFiles.scratchDirectory()
        let directory = parent.appendingPathComponent("replaced")
        try Checkpoint.save(config: config, tensors: tensors, to: directory)
        try Data("stale".utf8).write(to: directory.appendingPathComponent("stale.txt"))
        var changed = tensors
        changed["transformer.ln_f.bias"]?.values[0] = 42
        try Checkpoint.save(config: config, tensors: changed, to: directory)
        #expect(try Checkpoint.load(directory: directory).tensors["transformer.ln_f.bias"]?.values[0] == 42)
        #expect(try FixtureFiles.entries(of: directory) == ["config.json", "model.safetensors"])
        #expect(try FixtureFiles.entries(of: parent) == ["replaced"])
        let folderMode = try FileManager.default.attributesOfItem(atPath: directory.path)[.posixPermissions] as? Int
        let fileMode = try FileManager.default.attributesOfItem(
            atPath: directory.appendingPathComponent("model.safetensors").path)[.posixPermissions] as? Int
        #expect(folderMode == 0o755 && fileMode == 0o644)
    }

    @Test func modelIdsResolveInTheHubCacheLayout() throws {
        let root = try FixtureFiles.scratchDirectory()
        let repository = root.appendingPathComponent("hf/hub/models--openai-community--gpt2-medium")
        let snapshot = repository.appendingPathComponent("snapshots/0123abcd")
        let incomplete = repository.appendingPathComponent("snapshots/00000000")
        for folder in [snapshot, incomplete, repository.appendingPathComponent("refs")] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        try Data("0123abcd\n".utf8).write(to: repository.appendingPathComponent("refs/main"))
        try Data("{}".utf8).write(to: snapshot.appendingPathComponent("config.json"))
        try Data().write(to: snapshot.appendingPathComponent("model.safetensors"))
        try Data("{}".utf8).write(to: incomplete.appendingPathComponent("config.json"))
        let environment = ["HF_HOME": root.appendingPathComponent("hf").path, "HOME": root.path]
        #expect(try Checkpoint.resolve("gpt2-medium", environment: environment).path == snapshot.path)
        #expect(try Checkpoint.resolve("openai-community/gpt2-medium", environment: environment).path == snapshot.path)
        try FileManager.default.removeItem(at: repository.appendingPathComponent("refs"))
        #expect(try Checkpoint.resolve("gpt2-medium", environment: environment).path == snapshot.path)
        let hubCache = ["HF_HUB_CACHE": root.appendingPathComponent("hf/hub").path, "HOME": "/nonexistent"]
        #expect(try Checkpoint.resolve("gpt2-medium", environment: hubCache).path == snapshot.path)
    }

    @Test func legacyCacheFoldersAndDefaultHomeAreSearched() throws {
        let root = try FixtureFiles.scratchDirectory()
        let snapshot = root.appendingPathComponent(".cache/huggingface/hub/models--gpt2/snapshots/feed")
        try FileManager.default.createDirectory(at: snapshot, withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: snapshot.appendingPathComponent("config.json"))
        try Data().write(to: snapshot.appendingPathComponent("model.safetensors"))
        #expect(try Checkpoint.resolve("gpt2", environment: ["HOME": root.path]).path == snapshot.path)
    }

    @Test func directoriesResolveToThemselvesAndUnknownNamesListWhereTheyLooked() throws {
        let tinyURL = try FixtureFiles.url("tiny")
        #expect(try Checkpoint.resolve(tinyURL.path, environment: [:]).path == tinyURL.path)
        let root = try FixtureFiles.scratchDirectory()
        let error = try #require(throws: CheckpointError.self) {
            try Checkpoint.resolve("gpt2-xl", environment: ["HF_HOME": root.path, "HOME": root.path])
        }
        guard case .notFound(let looked) = error.problem else {
            Issue.record("expected not found, got \(error)")
            return
        }
        #expect(looked.contains("\(root.path)/hub/models--openai-community--gpt2-xl/snapshots"))
        #expect(looked.contains("\(root.path)/.cache/huggingface/hub/models--gpt2-xl/snapshots"))
        #expect(error.description.hasPrefix("gpt2-xl: no checkpoint found; looked in gpt2-xl, "))
    }
}
