import Foundation

/// Prose a cell writes at run time (`markdown("...")`): the text is escaped first, then `**strong**`,
/// `*emphasis*` and `` `code` `` become markup. Nothing else is interpreted, so text from data or a model
/// can never inject HTML.
public enum InlineMarkdown {
    public static func html(_ text: String) -> String {
        text.components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
            .map { "<p class=\"output-prose\">\(inline($0))</p>" }
            .joined()
    }

    static func inline(_ paragraph: String) -> String {
        var output = ""
        var rest = Substring(paragraph)
        while let first = rest.first {
            if first == "`", let close = rest.dropFirst().firstIndex(of: "`") {
                output += "<code>\(HTMLEscaping.escape(String(rest[rest.index(after: rest.startIndex)..<close])))</code>"
                rest = rest[rest.index(after: close)...]
            } else if rest.hasPrefix("**"), let close = rest.dropFirst(2).range(of: "**"), close.lowerBound > rest.index(rest.startIndex, offsetBy: 2) {
                output += "<strong>\(inline(String(rest[rest.index(rest.startIndex, offsetBy: 2)..<close.lowerBound])))</strong>"
                rest = rest[close.upperBound...]
            } else if first == "*", let close = rest.dropFirst().firstIndex(of: "*"), close > rest.index(after: rest.startIndex) {
                output += "<em>\(inline(String(rest[rest.index(after: rest.startIndex)..<close])))</em>"
                rest = rest[rest.index(after: close)...]
            } else {
                output += HTMLEscaping.escape(String(first))
                rest = rest.dropFirst()
            }
        }
        return output
    }
}
