/// coco tokenisation of a stream's lines, one line at a time with the lines after it that the lexer reads
/// (`CocoTokenizer.Lookahead`), remembering recent results: a streamed scorer tokenises every reference in
/// both of its passes. A line's tokens depend only on the line and those later lines, which form the key, so
/// a remembered result is the one tokenising would give. Bounded: emptied when full.
struct CocoLineCache {
    private var known: [[String]: String] = [:]
    static let limit = 16_384

    /// The coco tokens of each of `lines`, as one coco call over `lines` followed by `lookahead` and then
    /// whatever comes next (of which `lookahead` holds enough, or all).
    mutating func tokenize(_ lines: [String], lookahead: [String]) -> [String] {
        let all = lines + lookahead
        var result: [String] = []
        result.reserveCapacity(lines.count)
        for start in lines.indices {
            var context = CocoTokenizer.Lookahead()
            var end = start + 1
            while end < all.count, !context.isEnough {
                context.add(all[end])
                end += 1
            }
            let key = Array(all[start..<end])
            if let tokens = known[key] {
                result.append(tokens)
                continue
            }
            let tokens = CocoTokenizer.joined(PTBTokenizer().firstLineTokens(key[...]))
            if known.count >= Self.limit { known.removeAll(keepingCapacity: true) }
            known[key] = tokens
            result.append(tokens)
        }
        return result
    }
}
