import Testing
@testable import Report
import Foundation

@Suite("Escaping and script removal")
struct HTMLSanitizerTests {
    @Test func escapingCoversTheFiveSpecialCharacters() {
        #expect(HTMLEscaping.escape(#"a & b < c > d "e" 'f'"#) == "a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39;")
    }

    @Test func controlCharactersBecomeReplacementCharacters() {
        #expect(HTMLEscaping.escape("a\u{01}b\tc\nd") == "a\u{FFFD}b\tc\nd")
    }

    @Test func scriptElementsAreRemovedWithTheirContent() {
        #expect(HTMLSanitizer.sanitize("<p>a</p><script>alert(1)</script><p>b</p>") == "<p>a</p><p>b</p>")
        #expect(HTMLSanitizer.sanitize("x<SCRIPT type=\"text/javascript\">evil()</ScRiPt >y") == "xy")
        #expect(HTMLSanitizer.sanitize("<svg><script href=\"x\">a()</script></svg>") == "<svg></svg>")
        #expect(HTMLSanitizer.sanitize("<p>kept</p><script>never closed <b>bold</b>") == "<p>kept</p>")
        #expect(HTMLSanitizer.sanitize("a</script>b") == "ab")
    }

    @Test func scriptTextInsideTheScriptDoesNotEndItEarly() {
        #expect(HTMLSanitizer.sanitize("<script>var s = '<b>';</script>after") == "after")
    }

    @Test func eventHandlerAttributesAreRemoved() {
        #expect(HTMLSanitizer.sanitize("<img src=\"a.png\" onerror=\"evil()\" alt=\"A\">")
                == "<img src=\"a.png\" alt=\"A\">")
        #expect(HTMLSanitizer.sanitize("<div ONCLICK=evil() class='x'>t</div>") == "<div class='x'>t</div>")
        #expect(HTMLSanitizer.sanitize("<body onload = \"x()\">") == "<body>")
    }

    @Test func javascriptURLsAreRemovedHoweverTheyAreWritten() {
        #expect(HTMLSanitizer.sanitize("<a href=\"javascript:evil()\">x</a>") == "<a>x</a>")
        #expect(HTMLSanitizer.sanitize("<a href=\" JaVaScRiPt:evil()\">x</a>") == "<a>x</a>")
        #expect(HTMLSanitizer.sanitize("<a href=\"&#106;avascript&#x3A;evil()\">x</a>") == "<a>x</a>")
        #expect(HTMLSanitizer.sanitize("<a href=\"java\tscript:evil()\">x</a>") == "<a>x</a>")
        #expect(HTMLSanitizer.sanitize("<a href=\"javascript&colon;evil()\">x</a>") == "<a>x</a>")
        #expect(HTMLSanitizer.sanitize("<iframe src=\"data:text/html,<b>\" srcdoc=\"<b>\"></iframe>") == "<iframe></iframe>")
    }

    @Test func harmlessMarkupIsKeptAsWritten() {
        let html = "<p class=\"note\">A <a href=\"https://example.org/?a=1&amp;b=2\" title='t'>link</a> &amp; <br/> text</p>\n<!-- a <script> in a comment -->"
        #expect(HTMLSanitizer.sanitize(html) == html.replacingOccurrences(of: "<br/>", with: "<br />"))
    }

    @Test func strayLessThanSignsAreEscaped() {
        #expect(HTMLSanitizer.sanitize("a < b and <3") == "a &lt; b and &lt;3")
        #expect(HTMLSanitizer.sanitize("<a href=\"x\" unterminated") == "&lt;a href=\"x\" unterminated")
    }
}
