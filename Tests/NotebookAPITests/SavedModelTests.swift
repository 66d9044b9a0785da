import DataStore
import Foundation
import GPT2
import Notebook
import NotebookAPI
import Runner
import Testing

/// `save(model, as:)` writes a LoRA model's adapter as a PEFT folder and a whole model as a Hugging Face checkpoint,
/// each file's SHA-256 in results.json; a cached run writes the same bytes again.
@Suite(.serialized) struct SavedModelTests {
    let cacheRoot = FileManager.default.temporaryDirectory.appendingPathComponent("saved-cache-\(UUID())")
    let staging = FileManager.default.temporaryDirectory.appendingPathComponent("saved-files-\(UUID())", isDirectory: true)

    func run(_ text: String) throws -> RunOutcome {
        let data = try DataLocation.testDataFile("e2e/devset.csv").deletingLastPathComponent().deletingLastPathComponent()
        let environment = NotebookEnvironment(dataDirectory: data, artifactsDirectory: staging, artifactsLinkName: "nb")
        let runner = NotebookRunner(builtins: NotebookAPI.builtins(environment), restorers: NotebookAPI.restorers(environment),
                                    cache: CellCache(root: cacheRoot), progress: ProgressReporter(isTerminal: false, sink: { _ in }),
                                    options: RunOptions())
        return try runner.run(try Notebook(parsing: text, file: "nb.md"))
    }

    let notebook = """
    ```swift {#train cache=true}
    let train = e2e(split: "dev", mrs: 8, seed: 3)
    let vocab = corpusVocabulary([train])
    let model = gpt2(layers: 1, width: 16, heads: 2, positions: 64, vocabulary: vocab, seed: 3)
    let lora = finetune(model, method: .lora(rank: 2, alpha: 8), train: train, valid: train, steps: 3, batchSize: 4, lr: 5e-2,
                        warmupSteps: 1, maxLength: 64, evalEvery: 0, seed: 3)
    ```

    ```swift {#save cache=true}
    let adapter = save(lora.model, as: "adapter")
    let weights = save(model, as: "base")
    let merged = save(lora.model.merged(), as: "merged")
    ```
    """

    func entry(_ key: String, _ outcome: RunOutcome) -> String? {
        outcome.results.entries.first { $0.key == key }?.text
    }

    @Test func adaptersAndCheckpointsAreWrittenListedAndReloadable() throws {
        defer {
            try? FileManager.default.removeItem(at: cacheRoot)
            try? FileManager.default.removeItem(at: staging)
        }
        let outcome = try run(notebook)
        #expect(outcome.failure == nil, "\(outcome.failure ?? "")")
        let adapterFolder = staging.appendingPathComponent("adapter")
        let files = try FileManager.default.contentsOfDirectory(atPath: adapterFolder.path).sorted()
        #expect(files == ["adapter_config.json", "adapter_model.safetensors", "vocabulary.json"])
        let weightsBytes = try Data(contentsOf: adapterFolder.appendingPathComponent("adapter_model.safetensors"))
        #expect(entry("adapter.sha256.adapter_model.safetensors", outcome) == SHA256.hex(of: weightsBytes))

        let (config, tensors) = try Checkpoint.load(directory: staging.appendingPathComponent("base"))
        #expect(config.nLayer == 1 && config.nEmbd == 16)
        let adapter = try LoRAAdapterFile.load(from: adapterFolder, base: config)
        #expect(adapter.rank == 2 && adapter.alpha == 8 && adapter.targets == [.query, .value])
        // Trained: B left its zero initialisation, so the adapter changes the base.
        #expect(adapter.tensors.values.contains { tensor in tensor.shape[0] == 16 && tensor.values.contains { $0 != 0 } })

        // The base plus the adapter, merged, is the merged checkpoint the notebook saved.
        var network = try GPT2Model(config: config, weights: tensors)
        try network.attachLoRA(LoRAOptions(rank: adapter.rank, alpha: adapter.alpha, dropout: 0, targets: [.query, .value]), seed: 0)
        try network.loadLoRATensors(adapter.tensors)
        network.merge()
        let merged = try Checkpoint.load(directory: staging.appendingPathComponent("merged")).tensors
        for (name, tensor) in network.namedParameters() { #expect(tensor == merged[name], "\(name)") }

        let vocabulary = try JSONDecoder().decode([Int].self, from: Data(contentsOf: adapterFolder.appendingPathComponent("vocabulary.json")))
        #expect(vocabulary.count == config.vocabSize)

        try FileManager.default.removeItem(at: staging)
        let cached = try run(notebook)
        #expect(cached.results.cells.map(\.state) == ["cached", "cached"])
        #expect(try Data(contentsOf: adapterFolder.appendingPathComponent("adapter_model.safetensors")) == weightsBytes)
        #expect(entry("merged.sha256.model.safetensors", cached) == entry("merged.sha256.model.safetensors", outcome))
    }

    @Test func aCachedModelKeepsItsBottleneckAdaptersAndPrefix() throws {
        defer {
            try? FileManager.default.removeItem(at: cacheRoot)
            try? FileManager.default.removeItem(at: staging)
        }
        let text = """
        ```swift {#train cache=true}
        let train = e2e(split: "dev", mrs: 8, seed: 3)
        let model = gpt2(layers: 1, width: 16, heads: 2, positions: 64, vocabulary: corpusVocabulary([train]), seed: 3)
        let houlsby = finetune(model, method: .adapterH(bottleneck: 2), train: train, valid: train, steps: 2, batchSize: 4,
                               lr: 5e-2, warmupSteps: 1, maxLength: 64, evalEvery: 0, seed: 3)
        let prefix = finetune(model, method: .prefix(length: 4), train: train, valid: train, steps: 2, batchSize: 4,
                              lr: 5e-2, warmupSteps: 1, maxLength: 60, evalEvery: 0, seed: 3)
        let projected = finetune(model, method: .prefix(length: 4, projection: 3), train: train, valid: train, steps: 2,
                                 batchSize: 4, lr: 5e-2, warmupSteps: 1, maxLength: 60, evalEvery: 0, seed: 3)
        ```

        ```swift {#save}
        let adapters = save(houlsby.model, as: "adapters")
        let prefixed = save(prefix.model, as: "prefixed")
        let reparameterised = save(projected.model, as: "reparameterised")
        ```
        """
        let first = try run(text)
        #expect(first.failure == nil, "\(first.failure ?? "")")
        let second = try run(text)
        #expect(second.results.cells.map(\.state) == ["cached", "ran"])
        // Restored from the cache, each model still carries its trained part, so it saves the same adapter folder.
        for key in ["adapters.sha256.adapter_model.safetensors", "prefixed.sha256.adapter_model.safetensors",
                    "reparameterised.sha256.adapter_model.safetensors"] {
            #expect(entry(key, first) != nil, "\(key)")
            #expect(entry(key, second) == entry(key, first), "\(key)")
        }
    }
}
