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
        var s: [Symbol] = []
        for scalar in text.unicodeScalars { s.append(Symbol(scalar)) }
        s = Self.insertingSpaces(s, at: "'") { s, i in
            // An opening quote: at the start or after a space, before a word character.
            s[i].scalar == "'" && (i == 0 || s[i - 1].isSpace) && i + 1 < s.count && s[i + 1].isWord ? .after : .none
        }
        s = Self.insertingSpaces(s, at: "'") { s, i in
            // A closing quote: after a word character, not before one.
            s[i].scalar == "'" && i > 0 && s[i - 1].isWord && (i + 1 == s.count || !s[i + 1].isWord) ? .before : .none
        }
        s = Self.insertingSpaces(s, at: "'") { s, i in
            s[i].scalar == "'" && i > 0 && s[i - 1].isWord && Self.contractionSuffixFollows(s, at: i + 1)
                ? .before : .none
        }
        let style = contractionStyle
        s = Self.insertingSpaces(s, at: "n") { s, i in
            guard s[i].scalar == "n", i + 2 < s.count, s[i + 1].scalar == "'", s[i + 2].scalar == "t",
                  i + 3 == s.count || !s[i + 3].isWord else { return .none }
            return style == .treebank ? .before : .after
        }
        s = Self.insertingSpaces(s, at: "-") { s, i in
            s[i].scalar == "-" && i > 0 && i + 1 < s.count && s[i - 1].isLetterLike && s[i + 1].isLetterLike
                ? .around : .none
        }
        s = Self.insertingSpaces(s, at: "-") { s, i in
            s[i].scalar == "-" && i > 0 && i + 1 < s.count && s[i - 1].isDigit && s[i + 1].isDigit ? .around : .none
        }
        s = Self.splittingPeriodRuns(s)
        s = Self.insertingSpaces(s, at: "£") { s, i in
            s[i].scalar == "£" && (i == 0 || s[i - 1].isSpace) && i + 1 < s.count && s[i + 1].isDigit ? .after : .none
        }
        s = Self.separatingOtherPunctuation(s)
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(s.count)
        for symbol in s { scalars.append(symbol.scalar) }
        return TextClass.normalizeSpaces(scalars)
    }

    /// A scalar with its character classes looked up once.
    private struct Symbol {
        var scalar: Unicode.Scalar
        var isWord: Bool
        var isDigit: Bool
        var isSpace: Bool
        var isLetterLike: Bool { isWord && !isDigit && scalar != "_" }

        init(_ scalar: Unicode.Scalar) {
            self.scalar = scalar
            isWord = TextClass.isWord(scalar)
            isDigit = TextClass.isDigit(scalar)
            isSpace = TextClass.isSpace(scalar)
        }

        static let space = Symbol(" ")
    }

    private enum Insertion {
        case none, before, after, around
    }

    /// One rewriting pass judging each `trigger` scalar on the pass's input, then inserting spaces.
    private static func insertingSpaces(_ s: [Symbol], at trigger: Unicode.Scalar,
                                        _ rule: ([Symbol], Int) -> Insertion) -> [Symbol] {
        var present = false
        for index in s.indices where s[index].scalar == trigger {
            present = true
            break
        }
        guard present else { return s }
        var output: [Symbol] = []
        output.reserveCapacity(s.count + 8)
        for index in s.indices {
            let insertion = s[index].scalar == trigger ? rule(s, index) : .none
            if insertion == .before || insertion == .around { output.append(.space) }
            output.append(s[index])
            if insertion == .after || insertion == .around { output.append(.space) }
        }
        return output
    }

    /// Sets apart every character that is not a word character, a space, or one of `' . - £`.
    private static func separatingOtherPunctuation(_ s: [Symbol]) -> [Symbol] {
        var output: [Symbol] = []
        output.reserveCapacity(s.count + 16)
        for symbol in s {
            let kept = symbol.isWord || symbol.isSpace || symbol.scalar == "'" || symbol.scalar == "."
                || symbol.scalar == "-" || symbol.scalar == "£"
            if kept {
                output.append(symbol)
            } else {
                output.append(.space)
                output.append(symbol)
                output.append(.space)
            }
        }
        return output
    }

    private static let contractionSuffixes: [[Unicode.Scalar]] = ["s", "re", "ve", "ll", "d", "m"].map {
        Array($0.unicodeScalars)
    }

    /// True when `'s`, `'re`, `'ve`, `'ll`, `'d` or `'m` continues at `start` and ends a word.
    private static func contractionSuffixFollows(_ s: [Symbol], at start: Int) -> Bool {
        for letters in contractionSuffixes {
            let end = start + letters.count
            guard end <= s.count, zip(s[start..<end], letters).allSatisfy({ $0.scalar == $1 }) else { continue }
            if end == s.count || !s[end].isWord { return true }
        }
        return false
    }

    /// Sets a run of periods apart when it ends a word (before a space, the end, or other punctuation),
    /// and always when it has two or more periods (`..`, `...`).
    private static func splittingPeriodRuns(_ s: [Symbol]) -> [Symbol] {
        var output: [Symbol] = []
        output.reserveCapacity(s.count + 8)
        var index = 0
        while index < s.count {
            guard s[index].scalar == "." else {
                output.append(s[index])
                index += 1
                continue
            }
            var end = index
            while end < s.count, s[end].scalar == "." { end += 1 }
            let endsWord = end == s.count || s[end].isSpace || !s[end].isWord
            let split = endsWord || end - index >= 2
            if split { output.append(.space) }
            output.append(contentsOf: s[index..<end])
            if split { output.append(.space) }
            index = end
        }
        return output
    }
}
