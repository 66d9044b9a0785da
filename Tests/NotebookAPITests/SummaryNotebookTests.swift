import DataStore
import Foundation
import Notebook
import NotebookAPI
import Report
import Runner
import Testing

/// `summary(...)`: the box at the top of the page, computed by the notebook, cached like any other output.
@Suite(.serialized) struct SummaryNotebookTests {
    let cacheRoot = FileManager.default.temporaryDirectory.appendingPathComponent("summary-cache-\(UUID())")

    func run(_ text: String) throws -> RunOutcome {
        let environment = NotebookEnvironment(dataDirectory: cacheRoot)
        return try runNotebook(text, file: "summary.md", environment: environment, cacheRoot: cacheRoot)
    }

    let notebook = """
    ```swift {#parameters}
    let bleu = 0.5868
    ```

    ```swift {#summary cache=true}
    summary(verdict: bleu > 0.6 ? "**reproduced**" : "**not reproduced** at this scale",
            facts: [["parameters", 1234567], ["BLEU", bleu], ["model", "micro GPT-2"]],
            table: table(columns: ["system", "this run", "paper"], rows: [["LoRA", bleu, "0.704 ± 0.001"]]))
    ```
    """

    func page(_ outcome: RunOutcome) -> String { ReportPage.render(outcome.document) }

    @Test func theVerdictAndFactsComeFromTheRunAndShowAtTheTop() throws {
        defer { try? FileManager.default.removeItem(at: cacheRoot) }
        let first = try run(notebook)
        #expect(first.failure == nil, "\(first.failure ?? "")")
        let html = page(first)
        #expect(html.contains("<p class=\"verdict\"><strong>not reproduced</strong> at this scale</p>"))
        #expect(html.contains("<dt>parameters</dt><dd>1,234,567</dd>"))
        #expect(html.contains("<dt>BLEU</dt><dd>0.5868</dd>"))
        #expect(html.contains("<td class=\"num\">0.704 ± 0.001</td>"))
        let box = try #require(html.range(of: "id=\"_summary\" aria-labelledby"))
        let cell = try #require(html.range(of: "<section class=\"cell"))
        #expect(box.lowerBound < cell.lowerBound)
        // From the cache, the same box.
        let cached = try run(notebook)
        #expect(page(cached).contains("<dt>parameters</dt><dd>1,234,567</dd>"))
        #expect(page(cached).contains("status-cached\" id=\"summary\""))
    }

    @Test func aFactThatIsNotALabelledPairIsAnError() throws {
        defer { try? FileManager.default.removeItem(at: cacheRoot) }
        let outcome = try run("```swift\nsummary(verdict: \"v\", facts: [[1, 2]])\n```\n")
        #expect(outcome.failure != nil)
        #expect(page(outcome).contains("summary(facts:) item 1 must be a [label, value] pair with a String label"))
    }
}
