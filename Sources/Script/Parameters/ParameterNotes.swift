import Foundation

/// What a parameter means, as its notebook says it: the `// comment` that ends the line declaring it
/// (`let trainMRs = 0   // 0 keeps every training MR`). The report's parameters table shows it beside the value.
enum ParameterNotes {
    /// The comment at the end of `line`, trimmed; nil when the line has none. A `//` inside a string literal
    /// (`let url = "https://..."`) is not a comment.
    static func trailingComment(of line: Substring) -> String? {
        var inString = false
        var escaped = false
        var previous: Character?
        for index in line.indices {
            let character = line[index]
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
            } else if character == "\"" {
                inString = true
            } else if character == "/" && previous == "/" {
                let text = line[line.index(after: index)...].trimmingCharacters(in: .whitespaces)
                return text.isEmpty ? nil : text
            }
            previous = inString ? nil : character
        }
        return nil
    }
}

extension NotebookParameters {
    /// Fills each parameter's `note` from the cell's text, whose first line is file line `firstLine`.
    public mutating func readNotes(fromSource source: String, firstLine: Int) {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        for index in parameters.indices {
            let offset = parameters[index].location.line - firstLine
            guard lines.indices.contains(offset) else { continue }
            parameters[index].note = ParameterNotes.trailingComment(of: lines[offset])
        }
    }
}
