/// coco-caption's tokenisation: the PTB tokenizer (lowercased), then punctuation tokens removed.
/// The result for each caption is its tokens joined by single spaces, as the coco scorers receive them.
public struct CocoTokenizer: Sendable {
    /// The tokens coco removes. It compares case-sensitively after lowercasing, so `-lrb-` and `-rrb-` stay.
    public static let punctuation: Set<String> = ["''", "'", "``", "`", "-LRB-", "-RRB-", "-LCB-", "-RCB-",
                                                  ".", "?", "!", ",", ":", "-", "--", "...", ";"]

    public init() {}

    /// Tokenises captions as one call of coco's tokenizer does (one file, so neighbouring captions are read
    /// together).
    public func tokenize(_ captions: [String]) -> [String] {
        PTBTokenizer().tokenize(lines: captions).map(Self.joined)
    }

    /// A caption's PTB tokens without punctuation, joined by spaces.
    static func joined(_ tokens: [String]) -> String {
        tokens.filter { !punctuation.contains($0) }.joined(separator: " ")
    }

    /// Whether the captions after a batch hold all the lexer can read past the batch. Its trailing contexts
    /// reach at most three characters past a token, or across spaces and blank lines to the next word and the
    /// character after it; so: at least three lines, and a line with a visible character followed by another line.
    public struct Lookahead: Sendable {
        private var lines = 0
        private var firstVisibleLine: Int?

        public init() {}

        public mutating func add(_ line: String) {
            if firstVisibleLine == nil, line.unicodeScalars.contains(where: { !PTBCharacterClasses.isSpaceOrNewline($0) }) {
                firstVisibleLine = lines
            }
            lines += 1
        }

        public var isEnough: Bool {
            guard lines >= 3, let visible = firstVisibleLine else { return false }
            return visible < lines - 1
        }
    }
}
