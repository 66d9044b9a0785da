import DataStore
import Foundation
import Notebook
import NotebookAPI
import Runner
import Testing

/// Runs small notebooks through the real builtins: data, vocabulary, pretraining and both fine-tuning methods.
@Suite(.serialized) struct TrainingNotebookTests {
    let cacheRoot = FileManager.default.temporaryDirectory.appendingPathComponent("api-cache-\(UUID())")

    func run(_ text: String) throws -> RunOutcome {
        let data = try DataLocation.testDataFile("e2e/devset.csv").deletingLastPathComponent().deletingLastPathComponent()
        let environment = NotebookEnvironment(dataDirectory: data)
        return try runNotebook(text, file: "train.md", environment: environment, cacheRoot: cacheRoot)
    }

    let notebook = """
    ```swift {#parameters}
    let seed = 7
    let steps = 4
    ```

    ```swift {#data cache=true}
    let train = e2e(split: "dev", mrs: 12, seed: seed)
    let valid = e2e(split: "dev", mrs: 3, seed: seed + 1)
    let vocab = corpusVocabulary([train, valid])
    let corpus = restaurantDocuments(train, seed: seed)
    ```

    ```swift {#base cache=true}
    let base = pretrain(gpt2(layers: 1, width: 16, heads: 2, positions: 64, vocabulary: vocab, seed: seed),
                        on: corpus, steps: steps, batchSize: 2, sequenceLength: 32, warmupSteps: 1, evalEvery: 2, seed: seed)
    ```

    ```swift {#finetune cache=true}
    let full = finetune(base.model, method: .full, train: train, valid: valid, steps: steps, batchSize: 4, lr: 1e-3,
                        warmupSteps: 1, maxLength: 64, evalEvery: 2, seed: seed)
    let lora = finetune(base.model, method: .lora(rank: 2, alpha: 8), train: train, valid: valid, steps: steps,
                        batchSize: 4, lr: 5e-3, warmupSteps: 1, maxLength: 64, evalEvery: 2, seed: seed)
    ```
    """

    func number(_ key: String, in outcome: RunOutcome) -> Double? {
        outcome.results.entries.first { $0.key == key }?.number
    }

    @Test func pretrainingAndBothFineTuningMethodsRunAndReportTheirCurves() throws {
        let outcome = try run(notebook)
        #expect(outcome.failure == nil, "\(outcome.failure ?? "")")
        #expect(number("base.trainLoss.count", in: outcome) == 4)
        // Steps 0 (before training), 2 and 4.
        #expect(number("full.validLoss.count", in: outcome) == 3)
        let fullTrainable = try #require(number("full.trainableParameters", in: outcome))
        let loraTrainable = try #require(number("lora.trainableParameters", in: outcome))
        // LoRA r=2 on q and v of one 16-wide layer: 2 x 2 x (16 + 16).
        #expect(loraTrainable == 128)
        #expect(fullTrainable > 10 * loraTrainable)
        #expect(number("full.trainLoss.last", in: outcome).map { $0.isFinite } == true)
    }

    @Test func bitFitAndTopBlocksTrainAndReportTheirTrainableCounts() throws {
        let selective = notebook.replacingOccurrences(of: "method: .full,", with: "method: .bitfit,")
            .replacingOccurrences(of: "method: .lora(rank: 2, alpha: 8),", with: "method: .top(blocks: 1),")
        let outcome = try run(selective)
        #expect(outcome.failure == nil, "\(outcome.failure ?? "")")
        // One 16-wide block: its biases (3d + d + 4d + d + 2 LayerNorm d = 11d) and ln_f's; the whole block 12d^2 + 13d.
        #expect(number("full.trainableParameters", in: outcome) == Double(11 * 16 + 16))
        #expect(number("lora.trainableParameters", in: outcome) == Double(12 * 16 * 16 + 13 * 16))
        #expect(number("lora.trainLoss.last", in: outcome).map { $0.isFinite } == true)
        let tooMany = notebook.replacingOccurrences(of: "method: .full,", with: "method: .top(blocks: 2),")
        let failure = try #require(try run(tooMany).failure)
        #expect(failure.contains("top(blocks: 2) must be in 1...1"), "\(failure)")
    }

    @Test func bottleneckAdaptersTrainAndReportTheirTrainableCounts() throws {
        let adapters = notebook.replacingOccurrences(of: "method: .full,", with: "method: .adapterH(bottleneck: 2),")
            .replacingOccurrences(of: "method: .lora(rank: 2, alpha: 8),", with: "method: .adapterL(bottleneck: 3),")
        let outcome = try run(adapters)
        #expect(outcome.failure == nil, "\(outcome.failure ?? "")")
        // One 16-wide block. AdapterH: 2 x (2 x 16 x 2 + 2 + 16); AdapterL: its LayerNorm 2 x 16 + 2 x 16 x 3 + 3 + 16.
        #expect(number("full.trainableParameters", in: outcome) == Double(2 * (2 * 16 * 2 + 2 + 16)))
        #expect(number("lora.trainableParameters", in: outcome) == Double(2 * 16 + 2 * 16 * 3 + 3 + 16))
        #expect(number("lora.trainLoss.last", in: outcome).map { $0.isFinite } == true)
        let tooWide = notebook.replacingOccurrences(of: "method: .full,", with: "method: .adapterL(bottleneck: 17),")
        let failure = try #require(try run(tooWide).failure)
        #expect(failure.contains("adapterL(bottleneck: 17) must be in 1...16"), "\(failure)")
    }

    @Test func prefixAndLoRAPrefixTrainAndSizesOutsideTheContextAreErrors() throws {
        let prefixed = notebook.replacingOccurrences(of: "method: .full,", with: "method: .prefix(length: 4),")
            .replacingOccurrences(of: "method: .lora(rank: 2, alpha: 8),", with: "method: .loraPrefix(rank: 2, alpha: 8, length: 4),")
        let outcome = try run(prefixed.replacingOccurrences(of: "maxLength: 64,", with: "maxLength: 60,"))
        #expect(outcome.failure == nil, "\(outcome.failure ?? "")")
        // One 16-wide layer: a key and a value row per prefix position (1 x 2 x 4 x 16); plus LoRA r=2 on q and v.
        #expect(number("full.trainableParameters", in: outcome) == 128)
        #expect(number("lora.trainableParameters", in: outcome) == Double(128 + 128))
        #expect(number("lora.trainLoss.last", in: outcome).map { $0.isFinite } == true)
        let tooLong = try #require(try run(prefixed.replacingOccurrences(of: ".prefix(length: 4)", with: ".prefix(length: 63)")).failure)
        #expect(tooLong.contains("prefix(length: 63) must be in 1...62"), "\(tooLong)")
        let noRoom = try #require(try run(prefixed).failure)
        #expect(noRoom.contains("finetune(maxLength: 64) exceeds the model's 64 positions less the prefix's 4"), "\(noRoom)")
    }

    @Test func aPrefixTrainsThroughItsMLPAndAZeroSizeIsAnError() throws {
        let projected = notebook.replacingOccurrences(of: "method: .full,", with: "method: .prefix(length: 4, projection: 3),")
            .replacingOccurrences(of: "maxLength: 64,", with: "maxLength: 60,")
        let outcome = try run(projected)
        #expect(outcome.failure == nil, "\(outcome.failure ?? "")")
        // Embedding 4 x 16, Linear 16 -> 3 and 3 -> 1 x 2 x 16, with biases.
        #expect(number("full.trainableParameters", in: outcome) == Double(4 * 16 + 16 * 3 + 3 + 32 * 3 + 32))
        #expect(number("full.trainLoss.last", in: outcome).map { $0.isFinite } == true)
        let zero = try #require(try run(projected.replacingOccurrences(of: "projection: 3", with: "projection: 0")).failure)
        #expect(zero.contains("prefix(projection: 0) must be at least 1"), "\(zero)")
    }

    @Test func evalEveryZeroTrainsWithoutValidationAndTimesTheStepsAlone() throws {
        let timing = notebook.replacingOccurrences(of: "warmupSteps: 1, evalEvery: 2, seed: seed)",
                                                   with: "warmupSteps: 1, evalEvery: 0, seed: seed)")
        let outcome = try run(timing)
        #expect(outcome.failure == nil, "\(outcome.failure ?? "")")
        #expect(number("base.validLoss.count", in: outcome) == nil)
        #expect(number("base.trainLoss.count", in: outcome) == 4)
        let seconds = try #require(number("base.seconds", in: outcome))
        let training = try #require(number("base.trainingSeconds", in: outcome))
        #expect(training > 0 && training <= seconds)
        let tokens = try #require(number("base.tokens", in: outcome))
        #expect(tokens == 4 * 2 * 32)
        let rate = try #require(number("base.tokensPerSecond", in: outcome))
        #expect(abs(rate - tokens / training) <= 1e-9 * rate)
    }

    @Test func aNegativeEvalEveryIsAnError() throws {
        let broken = notebook.replacingOccurrences(of: "warmupSteps: 1, evalEvery: 2, seed: seed)",
                                                   with: "warmupSteps: 1, evalEvery: -1, seed: seed)")
        let failure = try #require(try run(broken).failure)
        #expect(failure.contains("evalEvery must be 0 (never validate) or positive"))
    }

    @Test func aNegativeOrZeroLearningRateIsAnErrorBeforeAnyStep() throws {
        for lr in ["-1", "0"] {
            let broken = notebook.replacingOccurrences(of: "warmupSteps: 1, evalEvery: 2, seed: seed)",
                                                       with: "lr: \(lr), warmupSteps: 1, evalEvery: 2, seed: seed)")
            let failure = try #require(try run(broken).failure)
            #expect(failure.contains("error: pretrain: lr must be a finite number above 0, got"), "\(failure)")
        }
    }

    @Test func aSmoothedSeriesIsTheMovingAverageOfTheCurve() throws {
        let smoothing = notebook + """

        ```swift {#smooth}
        let raw = series("raw", y: [4.0, 2.0, 3.0])
        let smooth = raw.smoothed(0.5)
        smooth.y
        ```
        """
        let outcome = try run(smoothing)
        #expect(outcome.failure == nil, "\(outcome.failure ?? "")")
        #expect(number("smooth.last", in: outcome) == 3.0)
        #expect(number("smooth.minimum", in: outcome) == 3.0)
    }

    @Test func aSecondRunRestoresEveryTrainedObjectBitForBit() throws {
        let first = try run(notebook)
        let second = try run(notebook)
        #expect(second.results.cells.map(\.state) == ["ran", "cached", "cached", "cached"])
        let compared = first.results.entries.filter { $0.kind != .timing }
        #expect(!compared.isEmpty)
        for entry in compared {
            #expect(second.results.entries.first { $0.key == entry.key }?.number?.bitPattern == entry.number?.bitPattern,
                    "\(entry.key)")
        }
    }

    @Test func loraTargetsCoverEveryLinearLayerAndAnUnknownNameIsAnError() throws {
        let targeted = notebook.replacingOccurrences(of: "method: .full,", with: "method: .lora(rank: 2, alpha: 8, targets: [\"o\", \"fc\", \"proj\"]),")
            .replacingOccurrences(of: "method: .lora(rank: 2, alpha: 8),",
                                  with: "method: .lora(rank: 2, alpha: 8, targets: [\"q\", \"k\", \"v\", \"o\"]),")
        let outcome = try run(targeted)
        #expect(outcome.failure == nil, "\(outcome.failure ?? "")")
        // One 16-wide layer, r = 2: A [2, in] and B [out, 2] per target; o 2 x (16 + 16), fc and proj 2 x (16 + 64) each.
        #expect(number("full.trainableParameters", in: outcome) == Double(2 * 32 + 2 * 2 * 80))
        #expect(number("lora.trainableParameters", in: outcome) == Double(4 * 2 * 32))
        #expect(number("full.trainLoss.last", in: outcome).map { $0.isFinite } == true)
        let unknown = notebook.replacingOccurrences(of: ".lora(rank: 2, alpha: 8)", with: ".lora(rank: 2, targets: [\"q\", \"mlp\"])")
        let failure = try #require(try run(unknown).failure)
        #expect(failure.contains("lora(targets:) takes \"q\", \"k\", \"v\", \"o\", \"fc\", \"proj\""), "\(failure)")
        #expect(failure.contains("got \"mlp\""), "\(failure)")
    }

    @Test func aWrongMethodArgumentIsADiagnosticAtTheCall() throws {
        let broken = notebook.replacingOccurrences(of: ".lora(rank: 2, alpha: 8)", with: ".lora(rnak: 2)")
        let outcome = try run(broken)
        let failure = try #require(outcome.failure)
        #expect(failure.hasPrefix("train.md:"))
        #expect(failure.contains("rank"))
    }

    @Test func shuffledNamesAndUnseenPairsAreTheirOwnDataAndSurviveTheCache() throws {
        let text = """
        ```swift {#data cache=true}
        let train = e2e(split: "dev", mrs: 40, seed: 3)
        let kept = restaurantDocuments(train, seed: 3)
        let shuffled = restaurantDocuments(train, seed: 3, shuffleNames: true)
        let novel = e2e(split: "test", unseenPairs: true)
        let whole = e2e(split: "test")
        let novelFew = e2e(split: "test", mrs: 5, seed: 1, unseenPairs: true)
        ```
        """
        let first = try run(text)
        #expect(first.failure == nil, "\(first.failure ?? "")")
        let second = try run(text)
        #expect(second.failure == nil, "\(second.failure ?? "")")
        #expect(second.results.cells.first?.state == "cached")
        let keys = ["kept.tokens", "shuffled.tokens", "novel.mrs", "whole.mrs", "novelFew.mrs"]
        for key in keys {
            #expect(number(key, in: first) != nil && number(key, in: first) == number(key, in: second),
                    "\(key) restored from the cache as computed")
        }
        // Names differ in length, so the renamed documents do not tokenise to the same count.
        #expect(number("kept.tokens", in: first) != number("shuffled.tokens", in: first))
        let novel = try #require(number("novel.mrs", in: first)), whole = try #require(number("whole.mrs", in: first))
        #expect(novel > 0.9 * whole && novel < whole, "most test MRs pair a name with a value the training MRs never do")
        #expect(number("novelFew.mrs", in: first) == 5)
    }
}
