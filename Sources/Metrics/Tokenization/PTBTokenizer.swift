/// The Stanford PTBTokenizer (CoreNLP 3.4.1, default PTB3 options) as coco-caption runs it:
/// `-preserveLines -lowerCase` over all captions of one call, one caption per line.
/// A reimplementation of the lexer's rules that matter for English restaurant descriptions; the lexer reads
/// across lines, so captions are tokenised together and a caption may depend on the next one's first letter.
public struct PTBTokenizer: Sendable {
    public init() {}

    /// Lowercased tokens per line. Line breaks inside a line are read as spaces (the E2E file readers never
    /// produce them; the jar would shift every later line).
    public func tokenize(lines: [String]) -> [[String]] {
        var lexer = PTBLexer(text: Self.text(lines))
        var result: [[String]] = Array(repeating: [], count: lines.count)
        var line = 0
        while let token = lexer.next() {
            switch token {
            case .newline: line += 1
            case .word(let word): result[line].append(word.lowercased())
            }
        }
        return result
    }

    /// The first line's tokens of `tokenize(lines:)`, lexing no further than its end (the lexer still reads
    /// the later lines' characters its rules look at).
    func firstLineTokens(_ lines: ArraySlice<String>) -> [String] {
        var lexer = PTBLexer(text: Self.text(lines))
        var result: [String] = []
        while let token = lexer.next(), case .word(let word) = token { result.append(word.lowercased()) }
        return result
    }

    private static func text<C: Collection>(_ lines: C) -> [Unicode.Scalar] where C.Element == String {
        var text: [Unicode.Scalar] = []
        for (index, line) in lines.enumerated() {
            if index > 0 { text.append("\n") }
            for scalar in line.unicodeScalars {
                text.append(PTBCharacterClasses.isNewline(scalar) ? " " : scalar)
            }
        }
        return text
    }
}
