import DataStore
import Foundation
import Notebook
import Report
import NotebookAPI
import Runner
import Testing

/// The paper's pipeline through the notebook API: epochs that mean epochs, each method's dropout, a vocabulary the
/// test references do not shape, the decoder by name and the scorer's files beside the report.
@Suite(.serialized) struct PaperPipelineNotebookTests {
    let cacheRoot = FileManager.default.temporaryDirectory.appendingPathComponent("paper-cache-\(UUID())")
    let artifacts = FileManager.default.temporaryDirectory.appendingPathComponent("paper-artifacts-\(UUID())/e2e")

    func run(_ cells: String) throws -> RunOutcome {
        let data = try DataLocation.testDataFile("e2e/devset.csv").deletingLastPathComponent().deletingLastPathComponent()
        let environment = NotebookEnvironment(dataDirectory: data, artifactsDirectory: artifacts)
        return try runNotebook(setup + cells, file: "paper.md", environment: environment, cacheRoot: cacheRoot)
    }

    let setup = """
    ```swift {#data cache=true}
    let train = e2e(split: "dev", mrs: 6, seed: 3)
    let valid = e2e(split: "dev", mrs: 2, seed: 4)
    let test = e2e(split: "test", mrs: 3, seed: 5)
    let vocab = corpusVocabulary([train, valid], mrsOf: [test])
    let base = gpt2(layers: 1, width: 16, heads: 2, positions: 96, vocabulary: vocab, seed: 3)
    ```


    """

    func number(_ key: String, in outcome: RunOutcome) -> Double? {
        outcome.results.entries.first { $0.key == key }?.number
    }

    @Test func epochsCountWholePassesOverTheTrainingExamples() throws {
        let outcome = try run("""
        ```swift {#one}
        let one = finetune(base, method: .full, train: train, valid: valid, epochs: 1, batchSize: 8, lr: 1e-3,
                           warmupSteps: 1, maxLength: 96, evalEvery: 0, seed: 3)
        if one.epochs != 1.0 { print("epochs is \\(one.epochs), not 1") }
        ```
        """)
        #expect(outcome.failure == nil, "\(outcome.failure ?? "")")
        let batches = try #require(number("one.batchesPerEpoch", in: outcome))
        let references = try #require(number("train.references", in: outcome))
        // Length-bucketed batches of 8: every reference of the 6 MRs once, so at least references / 8 batches.
        #expect(batches >= (references / 8).rounded(.up))
        #expect(number("one.steps", in: outcome) == batches)
        // The cell prints only when `one.epochs` is not exactly 1.
        let printed = outcome.document.blocks.compactMap { block -> Int? in
            guard case .cell(let cell) = block, cell.id == "one" else { return nil }
            return cell.outputs.count
        }
        #expect(printed == [0])
    }

    @Test func neitherEpochsNorStepsIsAClearError() throws {
        let outcome = try run("""
        ```swift {#none}
        let none = finetune(base, method: .full, train: train, valid: valid, epochs: 0, steps: 0)
        ```
        """)
        #expect(outcome.failure?.contains("finetune needs epochs > 0 or steps > 0") == true, "\(outcome.failure ?? "")")
    }

    @Test func aMaxLengthBeyondTheModelsContextIsRejectedBeforeTraining() throws {
        let outcome = try run("""
        ```swift {#long}
        let long = finetune(base, method: .full, train: train, valid: valid, steps: 2, batchSize: 4, maxLength: 200)
        ```
        """)
        #expect(outcome.failure?.contains("finetune(maxLength: 200) exceeds the model's 96 positions") == true,
                "\(outcome.failure ?? "")")
    }

    @Test func loraRunsTheBaseWithoutDropoutUnlessAsked() throws {
        let outcome = try run("""
        ```swift {#lora}
        let byDefault = finetune(base, method: .lora(rank: 2, alpha: 8, dropout: 0.1), train: train, valid: valid,
                                 steps: 3, batchSize: 4, lr: 5e-3, warmupSteps: 1, maxLength: 96, evalEvery: 0, seed: 3)
        let none = finetune(base, method: .lora(rank: 2, alpha: 8, dropout: 0.1), train: train, valid: valid,
                            steps: 3, batchSize: 4, lr: 5e-3, warmupSteps: 1, modelDropout: 0.0, maxLength: 96,
                            evalEvery: 0, seed: 3)
        let dropped = finetune(base, method: .lora(rank: 2, alpha: 8, dropout: 0.1), train: train, valid: valid,
                               steps: 3, batchSize: 4, lr: 5e-3, warmupSteps: 1, modelDropout: 0.1, maxLength: 96,
                               evalEvery: 0, seed: 3)
        ```
        """)
        #expect(outcome.failure == nil, "\(outcome.failure ?? "")")
        let byDefault = try #require(number("byDefault.trainLoss.last", in: outcome))
        #expect(byDefault == number("none.trainLoss.last", in: outcome))
        #expect(byDefault != number("dropped.trainLoss.last", in: outcome))
    }

    @Test func theVocabularyKeepsOtherSplitsMRsButNotTheirReferences() throws {
        let outcome = try run("""
        ```swift {#sizes}
        let withReferences = corpusVocabulary([train, valid, test])
        let withoutTrain = corpusVocabulary([valid], mrsOf: [test])
        let onlyText = corpusVocabulary([train, valid])
        ```
        """)
        #expect(outcome.failure == nil, "\(outcome.failure ?? "")")
        let mrsOnly = try #require(number("vocab.size", in: outcome))
        let both = try #require(number("withReferences.size", in: outcome))
        let text = try #require(number("onlyText.size", in: outcome))
        #expect(mrsOnly < both)
        #expect(mrsOnly > text)
        #expect(try #require(number("withoutTrain.size", in: outcome)) < mrsOnly)
    }

    @Test func savedScorerFilesHoldOneOutputPerMRAndReferenceGroupsSeparatedByBlankLines() throws {
        let outcome = try run("""
        ```swift {#files}
        let outputs = generate(base, on: test, beam: 2, maxNewTokens: 4)
        let predictions = save(outputs, as: "test-predictions.txt")
        let references = save(test, as: "test-references.txt")
        ```
        """)
        #expect(outcome.failure == nil, "\(outcome.failure ?? "")")
        let predictions = try String(contentsOf: artifacts.appendingPathComponent("test-predictions.txt"), encoding: .utf8)
        #expect(predictions.split(separator: "\n", omittingEmptySubsequences: false).count == 3 + 1)
        #expect(number("predictions.lines", in: outcome) == 3)
        let references = try String(contentsOf: artifacts.appendingPathComponent("test-references.txt"), encoding: .utf8)
        let groups = references.components(separatedBy: "\n\n")
        #expect(groups.count == 3)
        #expect(groups.allSatisfy { !$0.trimmingCharacters(in: .newlines).isEmpty })
        let digest = outcome.results.entries.first { $0.key == "references.sha256" }?.text
        #expect(digest == SHA256.hex(of: Array(references.utf8)))
    }

    @Test func aSavedFileNameMayNotLeaveTheReportFolder() throws {
        let outcome = try run("""
        ```swift {#escape}
        save(test, as: "../outside.txt")
        ```
        """)
        #expect(outcome.failure?.contains("plain file name") == true, "\(outcome.failure ?? "")")
    }

    @Test func anUnknownDecoderIsAClearError() throws {
        let outcome = try run("""
        ```swift {#decoder}
        let outputs = generate(base, on: test, decoder: "fairseq", beam: 2, maxNewTokens: 4)
        ```
        """)
        #expect(outcome.failure?.contains("\"paper\" or \"hf\", not \"fairseq\"") == true, "\(outcome.failure ?? "")")
    }
}
