import Testing
@testable import Report

@Suite("Prose written by cells")
struct InlineMarkdownTests {
    @Test func strongEmphasisAndCodeBecomeMarkup() {
        #expect(InlineMarkdown.html("**Quality.** LoRA is *close*: `bleu` 0.64")
                == "<p class=\"output-prose\"><strong>Quality.</strong> LoRA is <em>close</em>: <code>bleu</code> 0.64</p>")
    }

    @Test func everythingElseIsEscapedSoDataCannotInjectMarkup() {
        let html = InlineMarkdown.html("<script>alert(1)</script> & <b>bold</b>")
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("&lt;script&gt;"))
        #expect(html.contains("&amp;"))
    }

    @Test func unmatchedMarkersStayLiteralAndBlankLinesSplitParagraphs() {
        #expect(InlineMarkdown.html("2 * 3 = 6") == "<p class=\"output-prose\">2 * 3 = 6</p>")
        #expect(InlineMarkdown.html("a **b") == "<p class=\"output-prose\">a **b</p>")
        #expect(InlineMarkdown.html("one\n\n\ntwo") == "<p class=\"output-prose\">one</p><p class=\"output-prose\">two</p>")
    }

    @Test func codeSpansKeepMarkersLiteral() {
        #expect(InlineMarkdown.html("`a*b*c`") == "<p class=\"output-prose\"><code>a*b*c</code></p>")
    }
}
