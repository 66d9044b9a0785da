import DataStore
import Foundation
import NotebookAPI
import Script
import Testing

/// The examples in notebooks/LANGUAGE.md are real cells: they run, in order, as the cells of one notebook
/// against the real builtins (on a tiny model and four MRs).
@Suite struct LanguageReferenceTests {
    private func examples() throws -> [(line: Int, source: String)] {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        let text = try String(contentsOf: url.appendingPathComponent("notebooks/LANGUAGE.md"), encoding: .utf8)
        var blocks: [(Int, String)] = []
        var current: [String]?
        var start = 0
        for (number, line) in text.components(separatedBy: "\n").enumerated() {
            if line == "```swift" {
                current = []
                start = number + 2
            } else if line == "```", let lines = current {
                blocks.append((start, lines.joined(separator: "\n")))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    @Test func everyExampleRunsInOrder() throws {
        let blocks = try examples()
        #expect(blocks.count >= 20)
        let data = try DataLocation.testDataFile("e2e/devset.csv").deletingLastPathComponent().deletingLastPathComponent()
        let interpreter = Interpreter(builtins: NotebookAPI.builtins(NotebookEnvironment(dataDirectory: data)))
        var failures: [String] = []
        var scoreValue: Value?
        for (line, source) in blocks {
            do {
                let value = try interpreter.execute(try Program(parsing: source, file: "LANGUAGE.md", line: line)).value
                if source.hasSuffix("result.bleu                 // the cell's value") { scoreValue = value }
            } catch {
                failures.append("example at LANGUAGE.md:\(line): \(error)")
            }
        }
        #expect(failures == [])
        // A few of the values the text states.
        #expect(interpreter.value(of: "tenth") == .int(55))
        #expect(interpreter.value(of: "twelve") == .int(12))
        #expect(interpreter.value(of: "collatzSteps") == .int(111))
        #expect(interpreter.value(of: "low") == .double(1.8))
        #expect(interpreter.value(of: "belowTwo") == .int(2))
        #expect(interpreter.value(of: "byScore") == .array([.string("full: 0.67"), .string("lora: 0.59")]))
        if case .double? = scoreValue {} else { Issue.record("the 'result.bleu' cell's value is not a Double: \(String(describing: scoreValue))") }
    }
}
