import Testing
@testable import Notebook

@Suite("Math in prose")
struct MathTests {
    private func html(_ markdown: String) throws -> String {
        let notebook = try Notebook(parsing: markdown, file: "n.md")
        return notebook.blocks.compactMap { block -> String? in
            if case .prose(let prose) = block { return prose.html }
            return nil
        }.joined()
    }

    private func render(_ tex: String) -> String {
        MathRenderer.html(for: MathSpan(tex: tex, display: false))
    }

    @Test func inlineMathIsKeptOutOfEmphasis() throws {
        let output = try html("Then $a_1 * b_2 * c$ holds.")
        #expect(output == "<p>Then <span class=\"math\"><i>a</i><sub>1</sub>\u{2217}<i>b</i><sub>2</sub>\u{2217}<i>c</i></span> holds.</p>\n")
    }

    @Test func loraUpdateRendersWithSubscriptsAndBlackboardR() {
        #expect(render("W = W_0 + BA") == "<span class=\"math\"><i>W</i> = <i>W</i><sub>0</sub> + <i>BA</i></span>")
        #expect(render("B \\in \\mathbb{R}^{d \\times r}")
                == "<span class=\"math\"><i>B</i> ∈ ℝ<sup><i>d</i> × <i>r</i></sup></span>")
        #expect(render("r \\ll \\min(d,k)") == "<span class=\"math\"><i>r</i> ≪ min\u{2009}(<i>d</i>, <i>k</i>)</span>")
    }

    @Test func fractionsGetParenthesesOnlyAroundCompoundParts() {
        #expect(render("\\frac{\\alpha}{r}") == "<span class=\"math\">α/<i>r</i></span>")
        #expect(render("\\frac{r(d+k)}{dk}") == "<span class=\"math\">(<i>r</i>(<i>d</i> + <i>k</i>))/<i>dk</i></span>")
        #expect(render("x + \\frac{\\alpha}{r} BA") == "<span class=\"math\"><i>x</i> + (α/<i>r</i>)<i>BA</i></span>")
        #expect(render("x + \\frac{\\alpha}{r} BA") == "<span class=\"math\"><i>x</i> + (α/<i>r</i>)<i>BA</i></span>")
    }

    @Test func unknownCommandsAreShownLiterallyAndEscaped() {
        #expect(render("\\weird<x>") == "<span class=\"math\"><span class=\"math-unknown\">\\weird</span> &lt; <i>x</i> &gt; </span>")
    }

    @Test func dollarAmountsAndCodeSpansAreNotMath() throws {
        #expect(try html("It costs $5 and $10.") == "<p>It costs $5 and $10.</p>\n")
        #expect(try html("Use `$x$` or \\$y\\$.") == "<p>Use <code>$x$</code> or $y$.</p>\n")
    }

    @Test func displayMathAcrossLinesKeepsLaterLineNumbers() throws {
        let text = "Before\n\n$$\nh = W_0 x\n+ BAx\n$$\n\n```swift\nlet a = 1\n```\n"
        let notebook = try Notebook(parsing: text, file: "n.md")
        #expect(notebook.cells.first?.codeStart.line == 9)
        let output = try html(text)
        #expect(output.contains("<p><span class=\"math display\"><i>h</i> = <i>W</i><sub>0</sub><i>x</i> + <i>BAx</i></span></p>"))
        #expect(!output.contains("\u{F8F2}"))
    }

    @Test func mathInsideOtherLanguageFencesIsLeftAlone() throws {
        #expect(try html("```latex\n$a_b$\n```\n") == "<pre><code class=\"language-latex\">$a_b$\n</code></pre>\n")
    }

    @Test func headingWithMathKeepsTheTeXInItsTOCText() throws {
        let notebook = try Notebook(parsing: "## Rank $r$ ablation\n", file: "n.md")
        #expect(notebook.headings.first?.text == "Rank r ablation")
        #expect(notebook.headings.first?.id == "rank-r-ablation")
    }
}

@Suite("Math placeholders")
struct MathPlaceholderTests {
    @Test func authorsPrivateUseMarksCannotImpersonatePlaceholders() throws {
        let notebook = try Notebook(parsing: "$x$ and \u{F8F0}0\u{F8F1}", file: "n.md")
        guard case .prose(let prose) = try #require(notebook.blocks.first) else {
            Issue.record("expected prose")
            return
        }
        #expect(prose.html == "<p><span class=\"math\"><i>x</i></span> and \u{FFFD}0\u{FFFD}</p>\n")
    }
}
