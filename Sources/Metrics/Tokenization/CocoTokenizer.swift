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
        PTBTokenizer().tokenize(lines: captions).map { tokens in
            tokens.filter { !Self.punctuation.contains($0) }.joined(separator: " ")
        }
    }
}
