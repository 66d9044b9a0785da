/// Marks up cell source for reading: keywords, strings, numbers, comments and called names get classes;
/// everything is escaped. A lexical pass only, enough for colour, never for meaning.
enum SwiftHighlighter {
    private static let keywords: Set<String> = [
        "let", "var", "func", "if", "else", "for", "in", "while", "return", "true", "false", "nil", "guard",
        "switch", "case", "default", "break", "continue", "struct", "enum", "import", "repeat", "do", "try", "throw",
    ]

    static func html(_ source: String) -> String {
        let characters = Array(source)
        var html = ""
        var index = 0
        func span(_ kind: String, _ range: Range<Int>) {
            html += "<span class=\"\(kind)\">\(HTMLEscaping.escape(String(characters[range])))</span>"
        }
        while index < characters.count {
            let character = characters[index]
            let next: Character? = index + 1 < characters.count ? characters[index + 1] : nil
            if character == "/", next == "/" {
                let end = characters[index...].firstIndex(of: "\n") ?? characters.count
                span("cm", index..<end)
                index = end
            } else if character == "/", next == "*" {
                var end = index + 2
                while end + 1 < characters.count, !(characters[end] == "*" && characters[end + 1] == "/") { end += 1 }
                end = min(end + 2, characters.count)
                span("cm", index..<end)
                index = end
            } else if character == "\"" {
                var end = index + 1
                while end < characters.count, characters[end] != "\"", characters[end] != "\n" {
                    end += characters[end] == "\\" ? 2 : 1
                }
                end = min(end + 1, characters.count)
                span("st", index..<end)
                index = end
            } else if character.isNumber {
                var end = index
                while end < characters.count, characters[end].isNumber || characters[end] == "." || characters[end] == "_"
                        || characters[end] == "e" || (characters[end] == "-" && characters[end - 1] == "e") {
                    end += 1
                }
                span("nu", index..<end)
                index = end
            } else if character.isLetter || character == "_" {
                var end = index
                while end < characters.count, characters[end].isLetter || characters[end].isNumber || characters[end] == "_" {
                    end += 1
                }
                let word = String(characters[index..<end])
                if keywords.contains(word) {
                    span("kw", index..<end)
                } else if end < characters.count, characters[end] == "(" {
                    span("fn", index..<end)
                } else {
                    html += HTMLEscaping.escape(word)
                }
                index = end
            } else {
                html += HTMLEscaping.escape(String(character))
                index += 1
            }
        }
        return html
    }
}
