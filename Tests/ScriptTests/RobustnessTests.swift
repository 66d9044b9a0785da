import Testing
@testable import Script

/// Broken cells must fail with a diagnostic, never crash or throw anything else.
@Suite struct RobustnessTests {
    private let sample = """
    let lr: Double = 2e-4 // comment
    var xs: [Int] = [1, 2, 3]
    let d = ["a": 1, "b": [2.5]]
    /* block */ for (i, x) in xs.enumerated() { if i > 1 { break } else if x == 1 { continue }; xs[i] = x * 2 }
    let s = "lr=\\(lr) \\(d["a"] ?? 0)"
    let m = xs.count > 2 ? .lora(rank: 4, alpha: 32) : .full
    let run = train(model: "gpt2", method: m, lr: lr)
    show(run["lr"]); xs.append(-7)
    let t = \"\"\"
        text \\(s)
        \"\"\"
    xs[0...1].sorted().last
    """

    private func expectDiagnosticOrSuccess(_ source: String) {
        do {
            _ = try Interpreter(builtins: .testing).execute(try parse(source))
        } catch is Diagnostic {
        } catch {
            Issue.record("\(source.debugDescription) threw a non-diagnostic error: \(error)")
        }
    }

    @Test func theSampleRuns() throws {
        #expect(try run(sample).value == .int(4))
    }

    @Test func deletingOneCharacterGivesADiagnosticOrAValidCell() {
        let scalars = Array(sample.unicodeScalars)
        for index in stride(from: 0, to: scalars.count, by: 2) {
            var mutated = scalars
            mutated.remove(at: index)
            expectDiagnosticOrSuccess(String(String.UnicodeScalarView(mutated)))
        }
    }

    @Test func replacingOneCharacterWithPunctuationGivesADiagnosticOrAValidCell() {
        let scalars = Array(sample.unicodeScalars)
        let replacements: [Unicode.Scalar] = ["(", "}", "[", "\"", "\\", ".", "=", "\n"]
        for index in stride(from: 1, to: scalars.count, by: 7) {
            for replacement in replacements {
                var mutated = scalars
                mutated[index] = replacement
                expectDiagnosticOrSuccess(String(String.UnicodeScalarView(mutated)))
            }
        }
    }
}
