/// `@fig-ID` and `@tbl-ID` in a page's prose, made links: "Figure 2" to the cell `{#fig-ID}`. A reference to no
/// such cell is shown as itself, marked, so a reader and the browser test both see it.
enum CrossReferences {
    /// Rewrites references in the text of `html` (outside tags, `<code>` and `<pre>`).
    static func resolve(_ html: String, _ references: [String: String]) -> String {
        guard html.contains("@fig-") || html.contains("@tbl-") else { return html }
        var output = ""
        var characters = Array(html)
        characters.append(" ")
        var index = 0
        var literalDepth = 0
        while index < characters.count - 1 {
            let character = characters[index]
            if character == "<" {
                let end = characters[index...].firstIndex(of: ">") ?? characters.count - 1
                let tag = String(characters[index...end]).lowercased()
                if tag.hasPrefix("<code") || tag.hasPrefix("<pre") { literalDepth += 1 }
                if tag.hasPrefix("</code") || tag.hasPrefix("</pre") { literalDepth = max(0, literalDepth - 1) }
                output += String(characters[index...end])
                index = end + 1
                continue
            }
            if character == "@", literalDepth == 0, let (id, end) = reference(in: characters, at: index) {
                if let label = references[id] {
                    output += "<a class=\"xref\" href=\"#\(id)\">\(label)</a>"
                } else {
                    output += "<span class=\"xref-missing\" title=\"no cell {#\(id)} with a "
                        + "\(id.hasPrefix("fig-") ? "figure" : "table")\">@\(id)??</span>"
                }
                index = end
                continue
            }
            output.append(character)
            index += 1
        }
        return output
    }

    /// The id after `@` at `start` and the index after it, when it is `fig-…` or `tbl-…` and `@` starts a word.
    private static func reference(in characters: [Character], at start: Int) -> (String, Int)? {
        if start > 0, characters[start - 1].isLetter || characters[start - 1].isNumber { return nil }
        var end = start + 1
        while end < characters.count, characters[end].isASCII,
              characters[end].isLetter || characters[end].isNumber || characters[end] == "-" || characters[end] == "_" {
            end += 1
        }
        while end > start + 1, characters[end - 1] == "-" || characters[end - 1] == "_" { end -= 1 }
        let id = String(characters[(start + 1)..<end])
        guard id.count > 4, id.hasPrefix("fig-") || id.hasPrefix("tbl-") else { return nil }
        return (id, end)
    }
}
