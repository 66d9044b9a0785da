import ArgumentParser
import GPT2
import Testing
@testable import lorabook

/// Absurd decoding settings stop with one line before any model is loaded or buffer allocated.
@Suite struct GenerateArgumentTests {
    /// The error `generate` stops with; the model path does not exist, so a settings error must come first.
    func generateError(_ arguments: [String]) -> String? {
        do {
            let command = try GenerateCommand.parse(["--model", "/nonexistent/model"] + arguments + ["Hi"])
            _ = try command.generate()
            return nil
        } catch let error as GenerationError {
            return error.description
        } catch {
            return "other: \(GenerateCommand.message(for: error))"
        }
    }

    @Test func negativeAndHugeBeamsAreRangeErrorsNotParseErrors() {
        #expect(generateError(["--beam", "-3"]) == "beam width must be between 1 and 1000, got -3")
        #expect(generateError(["--beam", "100000", "--max-new", "2"]) == "beam width must be between 1 and 1000, got 100000")
        #expect(generateError(["--max-new", "0"])?.contains("max new tokens must be at least 1") == true)
        #expect(generateError(["--max-new", "-5"])?.contains("got -5") == true)
        #expect(generateError(["--max-prompt", "0"])?.contains("max prompt must be at least 1") == true)
    }

    @Test func nanAndNonPositivePenaltiesAreRejected() {
        #expect(generateError(["--length-penalty", "nan"])?.contains("length penalty must be a finite number") == true)
        #expect(generateError(["--repetition-penalty", "0"])?.contains("repetition penalty must be a finite number above 0") == true)
        #expect(generateError(["--repetition-penalty", "nan"])?.contains("repetition penalty") == true)
        #expect(generateError(["--no-repeat", "-1"])?.contains("no-repeat n-gram size") == true)
    }

    @Test func theModelBoundsBeamsNewTokensEndTokensAndMemory() {
        let config = GPT2Config(nLayer: 2, nHead: 2, nEmbd: 64, nPositions: 128, vocabSize: 300)
        func error(_ options: DecodingOptions, prompts: Int = 1, budget: Double = 1e12) -> String? {
            do {
                try DecodingLimits.validate(options, config: config, prompts: prompts, memoryBudget: budget)
                return nil
            } catch {
                return "\(error)"
            }
        }
        #expect(error(DecodingOptions(beamWidth: 10, maxNewTokens: 64, endTokens: [0])) == nil)
        #expect(error(DecodingOptions(beamWidth: 301, endTokens: [])) == "beam width 301 exceeds the vocabulary of 300 tokens")
        #expect(error(DecodingOptions(maxNewTokens: 129, endTokens: []))?.contains("exceeds the model's 128 positions") == true)
        #expect(error(DecodingOptions(endTokens: [300]))?.contains("end token 300 is outside the vocabulary") == true)
        #expect(error(DecodingOptions(beamWidth: 100, endTokens: []), prompts: 630, budget: 1e9)?.contains("would need about") == true)
    }

    @Test func threadCountsOutsideOneToFourPerCoreAreRejected() {
        for threads in ["0", "-1", "5000"] {
            let message: String
            do {
                _ = try RunCommand.parse(["nb.md", "--threads", threads])
                message = ""
            } catch {
                message = RunCommand.message(for: error)
            }
            #expect(message.contains("--threads must be between 1 and"), "\(threads): \(message)")
            #expect(message.contains("got \(threads)"))
        }
        #expect(throws: Never.self) { try RunCommand.parse(["nb.md", "--threads", "2"]) }
    }
}
