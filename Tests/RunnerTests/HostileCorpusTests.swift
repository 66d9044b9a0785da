import Foundation
import Notebook
import Runner
import Script
import Testing

/// The committed corpus of hostile notebooks (Tests/RunnerTests/Corpus), each once a crash, a hang or a
/// misplaced error: every one now ends in one line naming the file (and the place or the cell).
@Suite struct HostileCorpusTests {
    static let expected: [String: String] = [
        "deep-parentheses.md": "deep-parentheses.md:4:",
        "deep-brackets.md": "deep-brackets.md:4:",
        "long-sum.md": "long-sum.md:4:",
        "nested-interpolation.md": "nested-interpolation.md:4:",
        "nested-blocks.md": "nested-blocks.md:",
        "string-doubling.md": "error: cell 'grow' exceeded its memory budget",
        "endless-loop.md": "error: cell 'spin' exceeded its time budget of 0.2 s",
        "huge-range.md": "is too large to make an array",
        "unclosed-fence.md": "unclosed-fence.md:9:1: error: this code cell's fence is never closed",
        "lone-carriage-returns.md": "lone-carriage-returns.md:10:",
        "bad-budget.md": "bad-budget.md:3:1: error: budget memory must be a size",
        "overflow.md": "arithmetic overflow",
        "binary.md": "binary.md: error: not a text file",
    ]

    /// The one line a run of `name` ends with: its error, or its failing cell's diagnostic.
    func outcome(_ name: String) throws -> String {
        let corpus = try #require(Bundle.module.url(forResource: "Corpus", withExtension: nil))
        let runner = NotebookRunner(builtins: .standard, restorers: [:],
                                    cache: CellCache(root: FileManager.default.temporaryDirectory.appendingPathComponent("corpus-\(UUID())")),
                                    progress: ProgressReporter(isTerminal: false, sink: { _ in }), options: RunOptions())
        do {
            let notebook = try Notebook(contentsOf: corpus.appendingPathComponent(name), file: name)
            return try runner.run(notebook).failure ?? "(ran)"
        } catch {
            return "\(error)"
        }
    }

    @Test(arguments: expected.keys.sorted())
    func eachHostileNotebookEndsInOnePlacedLine(_ name: String) throws {
        let line = try outcome(name)
        #expect(line.contains(Self.expected[name]!), "\(line)")
        #expect(!line.contains("\n"))
    }

    @Test func theCorpusHoldsExactlyTheExpectedFiles() throws {
        let corpus = try #require(Bundle.module.url(forResource: "Corpus", withExtension: nil))
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: corpus.path)) == Set(Self.expected.keys))
    }
}
