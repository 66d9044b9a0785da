import Foundation
import Testing
@testable import Script

/// The examples in notebooks/LANGUAGE.md are real cells: each one parses.
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

    @Test func everyExampleParses() throws {
        let blocks = try examples()
        #expect(blocks.count >= 15)
        for (line, source) in blocks {
            #expect(throws: Never.self, "example at LANGUAGE.md:\(line)") {
                try Program(parsing: source, file: "LANGUAGE.md", line: line)
            }
        }
    }
}
