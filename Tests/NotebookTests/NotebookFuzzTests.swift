import Foundation
import PropertyBased
import Testing
@testable import Notebook

/// Seeded random notebooks, from the lines front matter and cells are made of, parse or fail with a
/// `NotebookError` at a position inside the text; never a crash or another error.
@Suite struct NotebookFuzzTests {
    static let count = Int(ProcessInfo.processInfo.environment["LORABOOK_FUZZ_COUNT"] ?? "") ?? 400

    static let lines = [
        "---", "...", "title: \"T\"", "title: 'It''s'", "author: A", "tags: [a, b]", "seeds:", "  - 1", "- 2", "budget:",
        "  memory: 1 GB", "  time: x", "\tkey: tab", "key: a: b", "key: &anchor", "key: |", "# Heading", "## Sub {#id}",
        "", "Prose with $x^2$ and `code`.", "```swift", "```swift {#a cache=true echo=false}", "```swift {#a}",
        "```swift {#parameters}", "```swift {cache=maybe}", "```", "````", "~~~swift", "~~~", "let x = 1", "    indented",
        "<script>alert(1)</script>", "<!-- comment", "[^1]: note", "| a | b |", "|---|---|", "$$", "\\(", "\u{0}", "\r",
    ]

    static let notebooks = Gen<String?>.element(of: lines).map { $0 ?? "" }.array(of: 0...30).map { $0.joined(separator: "\n") }

    @Test func randomNotebooksParseOrFailWithAPlacedError() async {
        await propertyCheck(count: Self.count, input: Self.notebooks) { text in
            do {
                let notebook = try Notebook(parsing: text, file: "nb.md")
                for cell in notebook.cells { #expect(cell.fence.line >= 1) }
            } catch let error as NotebookError {
                // CR, LF and CRLF each end a line.
                let lineCount = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
                    .split(separator: "\n", omittingEmptySubsequences: false).count
                #expect(error.file == "nb.md")
                #expect((error.position?.line ?? 1) <= max(lineCount, 1) + 1, "\(error) in \(text.debugDescription)")
            } catch {
                Issue.record("not a NotebookError: \(error)")
            }
        }
    }

    @Test func randomParamsFilesReadOrFailWithAPlacedError() async {
        let yaml = Gen<String?>.element(of: Self.lines.filter { $0 != "---" && $0 != "..." }).map { $0 ?? "" }
            .array(of: 0...20).map { $0.joined(separator: "\n") }
        await propertyCheck(count: Self.count, input: yaml) { text in
            do {
                _ = try FrontMatter(parsingYAML: text, file: "p.yaml")
            } catch let error as NotebookError {
                #expect(error.file == "p.yaml")
            } catch {
                Issue.record("not a NotebookError: \(error)")
            }
        }
    }
}
