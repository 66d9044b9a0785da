import Testing
import Foundation
@testable import Notebook

@Suite("Notebook parsing")
struct NotebookParsingTests {
    static let sample = """
        ---
        title: "LoRA on E2E: a reproduction"
        author: Ada Lovelace
        date: 2026-11-29
        description: 'It''s small'
        tolerances:
          bleu: 0.02
          nist: 0.5
        tags: [lora, "e2e", gpt2]
        ---

        # Introduction

        Some *prose* with a [link](https://example.org).

        ```swift {#parameters}
        let rank = 4
        ```

        ## Results

        ```python
        print("shown, never run")
        ```

          ```swift {#train-lora cache=true echo=false}
          let run = train(rank: rank)
          plot(run)
          ```

        ```swift
        evaluate(run)
        ```

        ## Results
        """

    @Test func frontMatterKeepsKnownAndOtherKeysInOrder() throws {
        let notebook = try Notebook(parsing: Self.sample, file: "e2e.md")
        let front = notebook.frontMatter
        #expect(front.title == "LoRA on E2E: a reproduction")
        #expect(front.author == "Ada Lovelace")
        #expect(front.date == "2026-11-29")
        #expect(front.description == "It's small")
        #expect(front.entries.map(\.key) == ["title", "author", "date", "description", "tolerances", "tags"])
        #expect(front["tolerances"]?["bleu"]?.number == 0.02)
        #expect(front["tolerances"]?["nist"]?.number == 0.5)
        #expect(front["tags"] == .list(["lora", "e2e", "gpt2"]))
    }

    @Test func swiftFencesBecomeCellsWithOptionsAndDefaultIDs() throws {
        let notebook = try Notebook(parsing: Self.sample, file: "e2e.md")
        let cells = notebook.cells
        #expect(cells.map(\.id) == ["parameters", "train-lora", "cell-3"])
        #expect(cells.map(\.index) == [0, 1, 2])
        #expect(cells[0].isParameters)
        #expect(notebook.parametersCell?.source == "let rank = 4")
        #expect(cells[1].options == CellOptions(id: "train-lora", cache: true, echo: false, eval: true))
        #expect(cells[2].options == CellOptions())
        #expect(cells[1].source == "let run = train(rank: rank)\nplot(run)")
    }

    @Test func cellsKnowWhereTheirCodeStartsInTheFile() throws {
        let notebook = try Notebook(parsing: Self.sample, file: "e2e.md")
        let cells = notebook.cells
        #expect(cells[0].fence == SourcePosition(line: 16, column: 1))
        #expect(cells[0].codeStart == SourcePosition(line: 17, column: 1))
        // An indented fence: code columns shift by the indentation cmark strips.
        #expect(cells[1].fence == SourcePosition(line: 26, column: 3))
        #expect(cells[1].filePosition(line: 2, column: 5) == SourcePosition(line: 28, column: 7))
    }

    @Test func otherLanguagesStayInProseAsCode() throws {
        let notebook = try Notebook(parsing: Self.sample, file: "e2e.md")
        let prose = notebook.blocks.compactMap { block -> Prose? in
            if case .prose(let prose) = block { return prose }
            return nil
        }
        #expect(prose.count == 3)
        #expect(prose[1].html.contains("<pre><code class=\"language-python\">print(&quot;shown, never run&quot;)"))
        #expect(prose[0].lines == SourceLines(first: 12, last: 14))
        #expect(prose[0].markdown == "# Introduction\n\nSome *prose* with a [link](https://example.org).")
    }

    @Test func headingsGetUniqueSlugsMatchingTheirHTMLAnchors() throws {
        let notebook = try Notebook(parsing: Self.sample, file: "e2e.md")
        #expect(notebook.headings.map(\.id) == ["introduction", "results", "results-1"])
        #expect(notebook.headings.map(\.level) == [1, 2, 2])
        #expect(notebook.headings[0].position == SourcePosition(line: 12, column: 1))
        let html = notebook.blocks.compactMap { block -> String? in
            if case .prose(let prose) = block { return prose.html }
            return nil
        }.joined()
        #expect(html.contains("<h1 id=\"introduction\">Introduction</h1>"))
        #expect(html.contains("<h2 id=\"results-1\">Results</h2>"))
        #expect(!html.contains("data-sourcepos"))
    }

    @Test func headingSlugsAvoidCellIDs() throws {
        let notebook = try Notebook(parsing: "# Parameters\n\n```swift {#parameters}\nlet a = 1\n```\n", file: "n.md")
        #expect(notebook.headings.map(\.id) == ["parameters-1"])
    }

    @Test func slugsDropPunctuationAndKeepLetters() {
        var slugs = SlugMaker()
        #expect(slugs.slug(for: "LoRA: W = W0 + BA!") == "lora-w-w0-ba")
        #expect(slugs.slug(for: "Đánh giá mô hình") == "đánh-giá-mô-hình")
        #expect(slugs.slug(for: "???") == "section")
        #expect(slugs.slug(for: "!!!") == "section-1")
    }

    @Test func gfmTablesStrikethroughTaskListsAndAutolinksRender() throws {
        let text = """
            | metric | LoRA |
            |---|---:|
            | BLEU | 70.4 |

            ~~old~~ and https://example.org

            - [x] done
            - [ ] open
            """
        let notebook = try Notebook(parsing: text, file: "n.md")
        guard case .prose(let prose) = try #require(notebook.blocks.first) else {
            Issue.record("expected prose")
            return
        }
        #expect(prose.html.contains("<table>"))
        #expect(prose.html.contains("<td align=\"right\">70.4</td>"))
        #expect(prose.html.contains("<del>old</del>"))
        #expect(prose.html.contains("<a href=\"https://example.org\">https://example.org</a>"))
        #expect(prose.html.contains("<input type=\"checkbox\" checked=\"\" disabled=\"\" />"))
    }

    @Test func footnotesRenderAcrossCellsIntoOneList() throws {
        let text = """
            LoRA freezes the weights.[^frozen]

            ```swift
            let x = 1
            ```

            It adds no latency.[^latency]

            [^frozen]: Only A and B train.
            [^latency]: BA merges into W.
            """
        let notebook = try Notebook(parsing: text, file: "n.md")
        let html = notebook.blocks.compactMap { block -> String? in
            if case .prose(let prose) = block { return prose.html }
            return nil
        }.joined()
        #expect(html.contains("href=\"#fn-frozen\""))
        #expect(html.contains("href=\"#fn-latency\""))
        #expect(html.components(separatedBy: "<section class=\"footnotes\"").count == 2)
        #expect(html.contains("Only A and B train."))
    }

    @Test func rawHTMLFromTheAuthorIsKept() throws {
        let notebook = try Notebook(parsing: "<div class=\"note\">Kept</div>\n\nText <kbd>x</kbd>\n", file: "n.md")
        guard case .prose(let prose) = try #require(notebook.blocks.first) else {
            Issue.record("expected prose")
            return
        }
        #expect(prose.html.contains("<div class=\"note\">Kept</div>"))
        #expect(prose.html.contains("<kbd>x</kbd>"))
    }

    @Test func crlfLineEndingsGiveTheSamePositions() throws {
        let unix = try Notebook(parsing: Self.sample, file: "e2e.md")
        let windows = try Notebook(parsing: Self.sample.replacingOccurrences(of: "\n", with: "\r\n"), file: "e2e.md")
        #expect(unix.cells == windows.cells)
        #expect(unix.frontMatter == windows.frontMatter)
    }
}
