import DataStore
import Foundation
import NotebookAPI
import Report
import Runner
import Testing

/// `generate` sharded over 2 and 3 ranks (threads with an in-memory all-gather) gives every rank the texts of one
/// process, bit for bit. Every rank trains the same model alone (no data parallelism here), so decoding is the only
/// thing that differs between the runs.
@Suite(.serialized) struct ShardedGenerateTests {
    static let notebook = """
    ```swift {#data}
    let seed = 7
    let train = e2e(split: "train", mrs: 40, seed: seed)
    let valid = e2e(split: "dev", mrs: 4, seed: seed)
    let test = e2e(split: "test", mrs: 5, seed: seed)
    let first = e2e(split: "test", mrs: 1, seed: seed)
    let vocab = corpusVocabulary([train, valid], mrsOf: [test, first])
    ```

    ```swift {#model}
    let base = gpt2(layers: 2, width: 32, heads: 2, positions: 64, vocabulary: vocab, dropout: 0.1, seed: seed)
    let full = finetune(base, method: .full, train: train, valid: valid, epochs: 0, steps: 12, batchSize: 4, lr: 1e-2,
                        warmupSteps: 2, labelSmoothing: 0.1, modelDropout: 0.1, maxLength: 64, evalEvery: 0, seed: seed)
    ```

    ```swift {#decode}
    let beam = generate(full.model, on: test, decoder: "paper", beam: 2, lengthPenalty: 0.8, noRepeatNGram: 4,
                        maxNewTokens: 12, batch: 2)
    let greedy = generate(full.model, on: test, decoder: "hf", beam: 1, maxNewTokens: 12, batch: 1)
    let alone = generate(full.model, on: first, decoder: "hf", beam: 1, maxNewTokens: 12)
    show(beam.outputs)
    show(greedy.outputs)
    show(alone.outputs)
    ```
    """

    /// The texts each generate call displayed (one list per call), and the results.
    struct Decoded: Equatable {
        var texts: [[String]]
        var digests: [String?]
    }

    static func run(sharding: Sharding?) throws -> Decoded {
        let data = try DataLocation.testDataFile("e2e/devset.csv").deletingLastPathComponent().deletingLastPathComponent()
        let environment = NotebookEnvironment(dataDirectory: data, sharding: sharding)
        let cacheRoot = FileManager.default.temporaryDirectory.appendingPathComponent("sharded-cache-\(UUID())")
        defer { try? FileManager.default.removeItem(at: cacheRoot) }
        let outcome = try runNotebook(notebook, file: "sharded.md", environment: environment, cacheRoot: cacheRoot)
        if let failure = outcome.failure { throw NotebookAPIError(failure) }
        let shown = outcome.document.blocks.flatMap { block -> [String] in
            guard case .cell(let cell) = block, cell.id == "decode" else { return [] }
            return cell.outputs.compactMap { if case .text(let text) = $0 { text } else { nil } }
        }
        let texts = try shown.map { try JSONDecoder().decode([String].self, from: Data($0.utf8)) }
        let digests = ["beam", "greedy", "alone"].map { name in
            outcome.results.entries.first { $0.key == "\(name).digest" }?.text
        }
        return Decoded(texts: texts, digests: digests)
    }

    @Test(arguments: [2, 3])
    func everyRankGetsTheTextsOfOneProcess(ranks: Int) throws {
        let one = try Self.run(sharding: nil)
        #expect(one.texts.map(\.count) == [5, 5, 1])
        #expect(one.digests.allSatisfy { $0 != nil })
        // Texts that tell the MRs apart, so a share put back in the wrong place would show.
        #expect(Set(one.texts[0]).count >= 2 && Set(one.texts[1]).count >= 2, "\(one.texts)")
        for (rank, result) in onRanks(ranks, { try Self.run(sharding: $0) }).enumerated() {
            #expect(try result.get() == one, "rank \(rank) of \(ranks)")
        }
    }
}
