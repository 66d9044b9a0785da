import Foundation
import Notebook
@testable import Runner
import Testing

/// The front matter docs/notebook-format.md shows is accepted as written, `tolerances:` included.
@Suite struct DocumentedFrontMatterTests {
    private func documentedFrontMatter() throws -> String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        let text = try String(contentsOf: url.appendingPathComponent("docs/notebook-format.md"), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "```yaml"))
        let end = try #require(lines[(start + 1)...].firstIndex(of: "```"))
        return lines[(start + 1)..<end].joined(separator: "\n")
    }

    @Test func theExampleParsesAndItsTolerancesAreAccepted() throws {
        let notebook = try Notebook(parsing: try documentedFrontMatter() + "\n\n# Body\n", file: "format.md")
        #expect(notebook.frontMatter["title"]?.text == "LoRA on E2E NLG")
        guard case .map(let entries)? = notebook.frontMatter["tolerances"] else {
            Issue.record("no tolerances map")
            return
        }
        // As `lorabook check` reads them.
        let text = entries.compactMap { entry in entry.value.text.map { "\(entry.key)=\($0)" } }.joined(separator: ",")
        let tolerances = try Tolerances.default.overridden(by: text)
        #expect(tolerances.byKind[.score] == Tolerance(absolute: 0.02))
        #expect(tolerances.byKind[.loss] == Tolerance(relative: 0.02))
    }
}
