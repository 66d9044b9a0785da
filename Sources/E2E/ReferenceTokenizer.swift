/// Splits a human reference into space-separated tokens the way the LoRA repo's `MR||REF` files are written
/// (TGen-like): punctuation apart, `it's` → `it 's`, `family-friendly` → `family - friendly`, `£20` → `£ 20`.
/// Rules were fitted to those files; the agreement rate on every line is measured by the tests.
public struct ReferenceTokenizer: Sendable, Hashable {
    /// How a negation such as `isn't` is split; the LoRA repo's two files disagree.
    public enum ContractionStyle: Sendable, Hashable {
        /// `is n't` (Penn Treebank; the LoRA repo's `test.txt`).
        case treebank
        /// `isn 't` (the LoRA repo's `valid.txt`).
        case apostropheFirst
    }

    public var contractionStyle: ContractionStyle

    public init(contractionStyle: ContractionStyle = .treebank) {
        self.contractionStyle = contractionStyle
    }

    /// The tokens of `text` joined by single spaces.
    public func tokenize(_ text: String) -> String {
        var s = Array(text.unicodeScalars)
        s = Self.insertingSpaces(s) { s, i in
            // An opening quote: at the start or after a space, before a word character.
            s[i] == "'" && (i == 0 || TextClass.isSpace(s[i - 1])) && i + 1 < s.count && TextClass.isWord(s[i + 1])
                ? .after : .none
        }
        s = Self.insertingSpaces(s) { s, i in
            // A closing quote: after a word character, not before one.
            s[i] == "'" && i > 0 && TextClass.isWord(s[i - 1]) && (i + 1 == s.count || !TextClass.isWord(s[i + 1]))
                ? .before : .none
        }
        s = Self.insertingSpaces(s) { s, i in
            s[i] == "'" && i > 0 && TextClass.isWord(s[i - 1]) && Self.contractionSuffixFollows(s, at: i + 1)
                ? .before : .none
        }
        let style = contractionStyle
        s = Self.insertingSpaces(s) { s, i in
            guard s[i] == "n", i + 2 < s.count, s[i + 1] == "'", s[i + 2] == "t",
                  i + 3 == s.count || !TextClass.isWord(s[i + 3]) else { return .none }
            return style == .treebank ? .before : .after
        }
        s = Self.insertingSpaces(s) { s, i in
            s[i] == "-" && i > 0 && i + 1 < s.count && TextClass.isLetterLike(s[i - 1])
                && TextClass.isLetterLike(s[i + 1]) ? .around : .none
        }
        s = Self.insertingSpaces(s) { s, i in
            s[i] == "-" && i > 0 && i + 1 < s.count && TextClass.isDigit(s[i - 1]) && TextClass.isDigit(s[i + 1])
                ? .around : .none
        }
        s = Self.splittingPeriodRuns(s)
        s = Self.insertingSpaces(s) { s, i in
            s[i] == "£" && (i == 0 || TextClass.isSpace(s[i - 1])) && i + 1 < s.count && TextClass.isDigit(s[i + 1])
                ? .after : .none
        }
        s = Self.insertingSpaces(s) { s, i in
            let c = s[i]
            return TextClass.isWord(c) || TextClass.isSpace(c) || c == "'" || c == "." || c == "-" || c == "£"
                ? .none : .around
        }
        return TextClass.normalizeSpaces(s)
    }

    private enum Insertion {
        case none, before, after, around
    }

    /// One rewriting pass: every position is judged on the pass's input, then spaces are inserted.
    private static func insertingSpaces(_ s: [Unicode.Scalar],
                                        _ rule: ([Unicode.Scalar], Int) -> Insertion) -> [Unicode.Scalar] {
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(s.count + 8)
        for index in s.indices {
            let insertion = rule(s, index)
            if insertion == .before || insertion == .around { output.append(" ") }
            output.append(s[index])
            if insertion == .after || insertion == .around { output.append(" ") }
        }
        return output
    }

    /// True when `'s`, `'re`, `'ve`, `'ll`, `'d` or `'m` continues at `start` and ends a word.
    private static func contractionSuffixFollows(_ s: [Unicode.Scalar], at start: Int) -> Bool {
        for suffix in ["s", "re", "ve", "ll", "d", "m"] {
            let letters = Array(suffix.unicodeScalars)
            let end = start + letters.count
            guard end <= s.count, Array(s[start..<end]) == letters else { continue }
            if end == s.count || !TextClass.isWord(s[end]) { return true }
        }
        return false
    }

    /// Sets a run of periods apart when it ends a word (before a space, the end, or other punctuation),
    /// and always when it has two or more periods (`..`, `...`).
    private static func splittingPeriodRuns(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(s.count + 8)
        var index = 0
        while index < s.count {
            guard s[index] == "." else {
                output.append(s[index])
                index += 1
                continue
            }
            var end = index
            while end < s.count, s[end] == "." { end += 1 }
            let endsWord = end == s.count || TextClass.isSpace(s[end]) || !TextClass.isWord(s[end])
            let split = endsWord || end - index >= 2
            if split { output.append(" ") }
            output.append(contentsOf: s[index..<end])
            if split { output.append(" ") }
            index = end
        }
        return output
    }
}
