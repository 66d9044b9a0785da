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
        #expect(output == "<p>Then <math alttext=\"a_1 * b_2 * c\"><mrow><msub><mi>a</mi><mn>1</mn></msub><mo>\u{2217}</mo>"
                + "<msub><mi>b</mi><mn>2</mn></msub><mo>\u{2217}</mo><mi>c</mi></mrow></math> holds.</p>\n")
    }

    @Test func loraUpdateIsMathMLWithScriptsAndBlackboardR() {
        #expect(render("W = W_0 + BA") == "<math alttext=\"W = W_0 + BA\"><mrow><mi>W</mi><mo>=</mo><msub><mi>W</mi><mn>0</mn></msub>"
                + "<mo>+</mo><mi>B</mi><mi>A</mi></mrow></math>")
        #expect(render("B \\in \\mathbb{R}^{d \\times r}").contains(
            "<mi>B</mi><mo>∈</mo><msup><mi>ℝ</mi><mrow><mi>d</mi><mo>×</mo><mi>r</mi></mrow></msup>"))
        #expect(render("r \\ll \\min(d,k)").contains("<mo>≪</mo><mi>min</mi><mo>\u{2061}</mo><mo stretchy=\"false\">(</mo>"))
    }

    @Test func fractionsAreRealFractions() {
        #expect(render("\\frac{\\alpha}{r}").contains("<mfrac><mi>α</mi><mi>r</mi></mfrac>"))
        #expect(render("\\frac{r(d+k)}{dk}").contains("<mfrac><mrow><mi>r</mi><mo stretchy=\"false\">(</mo><mi>d</mi><mo>+</mo>"
                                                     + "<mi>k</mi><mo stretchy=\"false\">)</mo></mrow><mrow><mi>d</mi><mi>k</mi></mrow></mfrac>"))
    }

    @Test func subscriptAndSuperscriptTogetherAndLimitsInDisplay() {
        #expect(render("x_i^2").contains("<msubsup><mi>x</mi><mi>i</mi><mn>2</mn></msubsup>"))
        #expect(render("x^2_i").contains("<msubsup><mi>x</mi><mi>i</mi><mn>2</mn></msubsup>"))
        let display = MathRenderer.html(for: MathSpan(tex: "\\sum_{t=1}^{T} x_t", display: true))
        #expect(display.hasPrefix("<span class=\"math-display\"><math display=\"block\""))
        #expect(display.contains("<munderover><mo largeop=\"true\" movablelimits=\"true\">∑</mo>"))
    }

    @Test func matricesBecomeTables() {
        let output = render("\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}")
        #expect(output.contains("<mrow><mo>(</mo><mtable><mtr><mtd><mi>a</mi></mtd><mtd><mi>b</mi></mtd></mtr>"
                                + "<mtr><mtd><mi>c</mi></mtd><mtd><mi>d</mi></mtd></mtr></mtable><mo>)</mo></mrow>"))
    }

    @Test func unknownCommandsAreMarkedAndEscaped() {
        #expect(render("\\weird<x>").contains("<merror><mtext>\\weird</mtext></merror><mo>&lt;</mo><mi>x</mi><mo>&gt;</mo>"))
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
        #expect(output.contains("<math display=\"block\" alttext=\"h = W_0 x\n+ BAx\"><mrow><mi>h</mi><mo>=</mo><msub><mi>W</mi><mn>0</mn></msub>"))
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
        #expect(prose.html == "<p><math alttext=\"x\"><mi>x</mi></math> and \u{FFFD}0\u{FFFD}</p>\n")
    }
}
