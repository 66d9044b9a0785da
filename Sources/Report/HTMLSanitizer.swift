/// Removes what could run code from HTML written by authors: every `<script>` element (any case, with
/// attributes, content included), `on*=` event handler attributes, `srcdoc`, and attributes whose value is a
/// `javascript:`, `vbscript:` or `data:text/html` URL (entity-encoded or split by whitespace, too).
/// Everything else, including comments, is kept as written; a `<` that starts no tag is escaped.
enum HTMLSanitizer {
    static func sanitize(_ html: String) -> String {
        let scalars = Array(html.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "<" else {
                output.append(scalar)
                index += 1
                continue
            }
            if starts(scalars, at: index, with: "<!--") {
                let end = find(scalars, "-->", from: index + 4).map { $0 + 3 } ?? scalars.count
                output.append(contentsOf: scalars[index..<end])
                index = end
                continue
            }
            if index + 1 < scalars.count, scalars[index + 1] == "!" || scalars[index + 1] == "?" {
                guard let close = find(scalars, ">", from: index + 2) else {
                    output.append(contentsOf: "&lt;".unicodeScalars)
                    index += 1
                    continue
                }
                output.append(contentsOf: scalars[index...close])
                index = close + 1
                continue
            }
            guard let tag = Tag(scalars, at: index) else {
                output.append(contentsOf: "&lt;".unicodeScalars)
                index += 1
                continue
            }
            let name = tag.name.lowercased()
            if name == "script" || name.hasSuffix(":script") {
                index = tag.closing ? tag.end : endOfScriptElement(scalars, from: tag.end)
                continue
            }
            output.append(contentsOf: tag.rebuilt().unicodeScalars)
            index = tag.end
        }
        return String(output)
    }

    /// The index after the `</script>` that closes a script element whose start tag ends at `start`.
    private static func endOfScriptElement(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var cursor = start
        while let open = find(scalars, "</", from: cursor) {
            if let tag = Tag(scalars, at: open), tag.closing, tag.name.lowercased().hasSuffix("script") {
                return tag.end
            }
            cursor = open + 2
        }
        return scalars.count
    }

    private static func starts(_ scalars: [Unicode.Scalar], at index: Int, with prefix: String) -> Bool {
        let pattern = Array(prefix.unicodeScalars)
        guard index + pattern.count <= scalars.count else { return false }
        return scalars[index..<(index + pattern.count)].elementsEqual(pattern)
    }

    private static func find(_ scalars: [Unicode.Scalar], _ needle: String, from start: Int) -> Int? {
        var index = start
        while index < scalars.count {
            if starts(scalars, at: index, with: needle) { return index }
            index += 1
        }
        return nil
    }

    /// A start or end tag read from the source, keeping each attribute's original text.
    private struct Tag {
        var name: String
        var closing: Bool
        var attributes: [(name: String, value: String?, text: String)] = []
        var selfClosing = false
        var end: Int

        init?(_ scalars: [Unicode.Scalar], at start: Int) {
            var cursor = start + 1
            closing = cursor < scalars.count && scalars[cursor] == "/"
            if closing { cursor += 1 }
            guard cursor < scalars.count, Tag.isASCIILetter(scalars[cursor]) else { return nil }
            var name = String.UnicodeScalarView()
            while cursor < scalars.count, Tag.isNameScalar(scalars[cursor]) {
                name.append(scalars[cursor])
                cursor += 1
            }
            self.name = String(name)
            end = cursor
            while true {
                while cursor < scalars.count, Tag.isSpace(scalars[cursor]) { cursor += 1 }
                guard cursor < scalars.count else { return nil }
                if scalars[cursor] == ">" {
                    end = cursor + 1
                    return
                }
                if scalars[cursor] == "/" {
                    selfClosing = true
                    cursor += 1
                    continue
                }
                selfClosing = false
                let attributeStart = cursor
                var attributeName = String.UnicodeScalarView()
                while cursor < scalars.count, !Tag.isSpace(scalars[cursor]),
                      scalars[cursor] != "/", scalars[cursor] != ">", scalars[cursor] != "=" {
                    attributeName.append(scalars[cursor])
                    cursor += 1
                }
                var lookahead = cursor
                while lookahead < scalars.count, Tag.isSpace(scalars[lookahead]) { lookahead += 1 }
                var value: String?
                if lookahead < scalars.count, scalars[lookahead] == "=" {
                    cursor = lookahead + 1
                    while cursor < scalars.count, Tag.isSpace(scalars[cursor]) { cursor += 1 }
                    guard cursor < scalars.count else { return nil }
                    var text = String.UnicodeScalarView()
                    if scalars[cursor] == "\"" || scalars[cursor] == "'" {
                        let quote = scalars[cursor]
                        cursor += 1
                        while cursor < scalars.count, scalars[cursor] != quote {
                            text.append(scalars[cursor])
                            cursor += 1
                        }
                        guard cursor < scalars.count else { return nil }
                        cursor += 1
                    } else {
                        while cursor < scalars.count, !Tag.isSpace(scalars[cursor]), scalars[cursor] != ">" {
                            text.append(scalars[cursor])
                            cursor += 1
                        }
                    }
                    value = String(text)
                }
                attributes.append((String(attributeName), value, String(String.UnicodeScalarView(scalars[attributeStart..<cursor]))))
            }
        }

        /// The tag with unsafe attributes dropped and the others as written.
        func rebuilt() -> String {
            var text = closing ? "</" + name : "<" + name
            for attribute in attributes where Tag.isSafe(name: attribute.name, value: attribute.value) {
                text += " " + attribute.text
            }
            return text + (selfClosing ? " />" : ">")
        }

        private static func isSafe(name: String, value: String?) -> Bool {
            let lowered = name.lowercased()
            if lowered.hasPrefix("on") || lowered == "srcdoc" { return false }
            guard let value else { return true }
            let decoded = decodeReferences(value).unicodeScalars.filter { $0.value > 0x20 }
            let normalized = String(String.UnicodeScalarView(decoded)).lowercased()
            return !["javascript:", "vbscript:", "data:text/html"].contains(where: normalized.hasPrefix)
        }

        /// Decodes numeric character references and the few named ones that can hide a URL scheme.
        private static func decodeReferences(_ text: String) -> String {
            let named: [String: String] = ["colon": ":", "tab": "\t", "newline": "\n", "lpar": "(", "rpar": ")",
                                           "amp": "&", "sol": "/"]
            let scalars = Array(text.unicodeScalars)
            var output = String.UnicodeScalarView()
            var index = 0
            while index < scalars.count {
                guard scalars[index] == "&" else {
                    output.append(scalars[index])
                    index += 1
                    continue
                }
                var cursor = index + 1
                var body = ""
                while cursor < scalars.count, scalars[cursor] != ";", body.count < 10,
                      scalars[cursor].properties.isAlphabetic || scalars[cursor].properties.numericType != nil
                        || scalars[cursor] == "#" {
                    body.unicodeScalars.append(scalars[cursor])
                    cursor += 1
                }
                let after = cursor < scalars.count && scalars[cursor] == ";" ? cursor + 1 : cursor
                var replacement: String?
                if body.hasPrefix("#x") || body.hasPrefix("#X") {
                    replacement = UInt32(body.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
                } else if body.hasPrefix("#") {
                    replacement = UInt32(body.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
                } else {
                    replacement = named[body.lowercased()]
                }
                if let replacement {
                    output.append(contentsOf: replacement.unicodeScalars)
                    index = after
                } else {
                    output.append("&")
                    index += 1
                }
            }
            return String(output)
        }

        private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
            (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
        }

        private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
            isASCIILetter(scalar) || (scalar >= "0" && scalar <= "9") || scalar == "-" || scalar == ":"
        }

        private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0C}"
        }
    }
}
