import Testing
import Foundation
@testable import Notebook

@Suite("Notebook errors")
struct NotebookErrorTests {
    private func error(_ text: String) -> NotebookError? {
        do {
            _ = try Notebook(parsing: text, file: "notebooks/e2e.md")
            return nil
        } catch {
            return error
        }
    }

    @Test func unknownCellOptionNamesItsPlaceAndTheKnownOptions() throws {
        let found = try #require(error("# T\n\n```swift {#a cahce=true}\nlet x = 1\n```\n"))
        #expect(found.position == SourcePosition(line: 3, column: 14))
        #expect(found.description == "notebooks/e2e.md:3:14: error: unknown cell option 'cahce'; "
                + "known options: #id, cache=true|false, echo=true|false, eval=true|false")
    }

    @Test func optionValuesMustBeBooleans() throws {
        let found = try #require(error("```swift {echo=yes}\n```\n"))
        #expect(found.position == SourcePosition(line: 1, column: 11))
        #expect(found.message.contains("takes true or false"))
    }

    @Test func duplicateIDsAreRejectedAtTheSecondCell() throws {
        let found = try #require(error("```swift {#train}\n```\n\ntext\n\n```swift {#train}\n```\n"))
        #expect(found.position == SourcePosition(line: 6, column: 1))
        #expect(found.message == "duplicate cell id 'train' (first used by the cell at line 1)")
    }

    @Test func anExplicitIDMayNotTakeAnotherCellsDefaultID() throws {
        let found = try #require(error("```swift {#cell-2}\n```\n\n```swift\n```\n"))
        #expect(found.message.contains("duplicate cell id 'cell-2'"))
    }

    @Test func unclosedOptionsAndTrailingTextAreErrors() throws {
        #expect(try #require(error("```swift {#a\n```\n")).message == "missing '}' to close the cell options")
        #expect(try #require(error("```swift {#a} extra\n```\n")).position == SourcePosition(line: 1, column: 15))
        #expect(try #require(error("```swift nope\n```\n")).position == SourcePosition(line: 1, column: 10))
        #expect(try #require(error("```swift {#9lives}\n```\n")).message.contains("invalid cell id '9lives'"))
    }

    @Test func swiftMustBeTheWholeLanguageWord() throws {
        let notebook = try Notebook(parsing: "```swiftui\nText()\n```\n", file: "n.md")
        #expect(notebook.cells.isEmpty)
    }

    @Test func unclosedFrontMatterPointsAtItsStart() throws {
        let found = try #require(error("---\ntitle: x\n\n# Body\n"))
        #expect(found.description == "notebooks/e2e.md:1:1: error: front matter opened with '---' is never closed")
    }

    @Test func frontMatterErrorsCarryFileLineAndColumn() throws {
        #expect(try #require(error("---\ntitle: \"open\n---\n")).description
                == "notebooks/e2e.md:2:8: error: unterminated quoted string")
        #expect(try #require(error("---\ntitle: a\ntitle: b\n---\n")).position == SourcePosition(line: 3, column: 1))
        #expect(try #require(error("---\ntitle x\n---\n")).message == "expected ':' after key 'title'")
        #expect(try #require(error("---\nlist:\n  - [a]\n---\n")).position == SourcePosition(line: 3, column: 5))
        #expect(try #require(error("---\nmap:\n  inner: 1\n outer: 2\n---\n")).position?.line == 4)
        #expect(try #require(error("---\n- a\n---\n")).message == "expected `key: value` lines, not a list")
        #expect(try #require(error("---\n\ttitle: a\n---\n")).message == "tabs are not allowed in indentation")
        #expect(try #require(error("---\ntags: [a, b\n---\n")).message == "unterminated list: missing ']'")
    }

    @Test func unreadableFileIsAnErrorWithoutPosition() throws {
        do {
            _ = try Notebook(contentsOf: URL(fileURLWithPath: "/nonexistent/notebook.md"))
            Issue.record("expected an error")
        } catch {
            #expect(error.position == nil)
            #expect(error.description.hasPrefix("/nonexistent/notebook.md: error: cannot read the notebook"))
        }
    }
}

@Suite("Notebook odd inputs")
struct NotebookOddInputTests {
    @Test(arguments: ["", "---", "---\n---", "```", "```swift", "```swift {", "$", "$$", "$$\n\n$$", "$a$$b$",
                      "`", "\u{0}", "# ", "   ```swift\n", "- ```swift\n  let x = 1\n  ```", "> $$x\n> y$$",
                      "\u{F8F0}0\u{F8F1}", "\u{F8F2}\n\u{F8F0}99\u{F8F1}", "---\na:\n  - \n---"])
    func oddInputsParseOrFailWithAPlaceNeverCrash(_ text: String) {
        do {
            let notebook = try Notebook(parsing: text, file: "odd.md")
            #expect(notebook.cells.allSatisfy { $0.codeStart.line >= 1 })
        } catch {
            #expect(error.position != nil)
        }
    }

    @Test func nestedSwiftFencesAreShownNotRun() throws {
        let notebook = try Notebook(parsing: "- item\n\n  ```swift\n  let x = 1\n  ```\n", file: "n.md")
        #expect(notebook.cells.isEmpty)
    }
}
