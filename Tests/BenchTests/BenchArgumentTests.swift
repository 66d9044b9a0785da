import ArgumentParser
import Testing
@testable import lorabook

/// Each bad option stops with one line naming the option and value, before any measuring starts.
@Suite struct BenchArgumentTests {
    func message<Command: ParsableCommand>(_ type: Command.Type, _ arguments: [String]) -> String? {
        do {
            _ = try type.parse(arguments)
            return nil
        } catch {
            return type.message(for: error)
        }
    }

    @Test func trainAcceptsShapesAVocabularyAndAResultsName() throws {
        let command = try BenchTrain.parse(["--models", "4x128", "--vocab", "3117", "--steps", "2", "--name", "train-notebook"])
        #expect(command.shape.models == "4x128")
        #expect(command.shape.vocab == 3117)
        #expect(command.output.name == "train-notebook")
        #expect(command.output.results == "bench/results")
        #expect(try command.chosenMethods().map(\.name) == ["full", "lora"])
    }

    @Test func trainRejectsUnknownModelsMethodsAndCounts() {
        #expect(message(BenchTrain.self, ["--models", "micro,4y128"])?.contains("unknown model '4y128'") == true)
        #expect(message(BenchTrain.self, ["--methods", "full,qlora"])?.contains("unknown training method 'qlora'") == true)
        #expect(message(BenchTrain.self, ["--steps", "0"])?.contains("--steps 0 must be at least 1") == true)
        #expect(message(BenchTrain.self, ["--batch", "0"])?.contains("--batch 0 must be at least 1") == true)
        #expect(message(BenchTrain.self, ["--warmup=-2"])?.contains("--warmup -2") == true)
        #expect(message(BenchTrain.self, ["--name", "a/b"])?.contains("--name 'a/b'") == true)
    }

    @Test func decodeRejectsPromptsThatDoNotFitAndBeamsOfOne() {
        #expect(message(BenchDecode.self, ["--models", "micro", "--prompt-length", "100", "--new", "40"])?
            .contains("exceeds micro's 128 positions") == true)
        #expect(message(BenchDecode.self, ["--models", "micro", "--prompt-length", "89", "--new", "40"]) == nil)
        #expect(message(BenchDecode.self, ["--beam", "1"])?.contains("--beam 1") == true)
        #expect(message(BenchDecode.self, ["--models", "gpt5"])?.contains("unknown model 'gpt5'") == true)
        #expect(message(BenchDecode.self, ["--repeats", "0"])?.contains("--repeats 0") == true)
    }

    @Test func scoreAndTokenizeNeedARepeat() {
        #expect(message(BenchScore.self, ["--repeats", "0"])?.contains("--repeats 0") == true)
        #expect(message(BenchTokenize.self, ["--repeats", "0"])?.contains("--repeats 0") == true)
    }

    @Test func notebookDefaultsToTheSmokeParametersAndRefusesAReportFolder() throws {
        let plain = try BenchNotebook.parse(["notebooks/e2e.md", "--no-cache"])
        #expect(plain.noCache)
        #expect(plain.benchedInvocation.params == "notebooks/params/smoke.yaml")
        let chosen = try BenchNotebook.parse(["notebooks/e2e.md", "--params", "notebooks/params/paper.yaml"])
        #expect(chosen.benchedInvocation.params == "notebooks/params/paper.yaml")
        #expect(message(BenchNotebook.self, ["notebooks/e2e.md", "--out", "x"])?.contains("--out") == true)
        #expect(message(BenchNotebook.self, []) != nil)
    }

    @Test func decodeRowNamesAreTheOnesTheTorchReferenceWrites() {
        #expect(BenchDecode.rowName(model: "micro", beamWidth: 10, together: false) == "micro beam 10, one prompt")
        #expect(BenchDecode.rowName(model: "gpt2", beamWidth: 1, together: true) == "gpt2 greedy, prompts batched")
        #expect(BenchDecode.rowName(model: "4x128 v3117", beamWidth: 10, together: true, rules: .paper)
                == "4x128 v3117 beam 10 paper, prompts batched")
    }

    @Test func decodeTakesTheSearchRules() throws {
        #expect(try BenchDecode.parse([]).rules == .hf)
        #expect(try BenchDecode.parse(["--rules", "paper"]).rules == .paper)
        #expect(message(BenchDecode.self, ["--rules", "gpt2"]) != nil)
    }

    @Test func theMedianIsTheMiddleValueOrTheMeanOfTheMiddleTwo() {
        #expect(BenchTrain.median([3, 1, 2]) == 2)
        #expect(BenchTrain.median([4, 1, 3, 2]) == 2.5)
        #expect(BenchTrain.median([]) == 0)
    }
}
