import Foundation
import Notebook
import Runner
import Script
import Testing

/// The front matter's `budget:` reaches every cell, and a cell over it fails naming itself.
@Suite struct NotebookBudgetTests {
    func outcome(_ text: String) throws -> RunOutcome {
        let runner = NotebookRunner(builtins: .standard, restorers: [:],
                                    cache: CellCache(root: FileManager.default.temporaryDirectory.appendingPathComponent("budget-\(UUID())")),
                                    progress: ProgressReporter(isTerminal: false, sink: { _ in }), options: RunOptions())
        return try runner.run(try Notebook(parsing: text, file: "nb.md"))
    }

    @Test func anEndlessCellStopsAtTheFrontMattersTimeBudgetNamingTheCell() throws {
        let text = """
        ---
        budget:
          time: 0.2 s
        ---

        ```swift {#spin}
        var n = 0
        for i in 0..<1_000_000_000_000 { n += 1 }
        ```
        """
        let failure = try #require(try outcome(text).failure)
        // Stopped on line 8, at the loop or in its body, whichever the clock ran out in.
        #expect(failure.hasPrefix("nb.md:8:"))
        #expect(failure.contains("error: cell 'spin' exceeded its time budget of 0.2 s"))
    }

    @Test func sizesAndTimesAreReadAndBadOnesArePlaced() throws {
        func budget(_ yaml: String) throws -> CellBudget {
            let notebook = try Notebook(parsing: "---\n\(yaml)\n---\n\nText.\n", file: "nb.md")
            return try CellBudget(frontMatter: notebook.frontMatter, file: "nb.md")
        }
        let read = try budget("budget:\n  memory: 100 MB\n  time: 10 min")
        #expect(read.memoryBytes == 100e6 && read.residentBytes == 100e6 && read.seconds == 600)
        #expect(try budget("title: T").seconds == nil)
        #expect(throws: RunnerError.badFrontMatter(file: "nb.md", line: 3,
                                                   reason: "budget memory must be a size such as '4 GB' or '512 MB'")) {
            try budget("budget:\n  memory: lots")
        }
        #expect(throws: RunnerError.self) { try budget("budget:\n  cpu: 2") }
        #expect(throws: RunnerError.self) { try budget("budget: 4 GB") }
    }
}
