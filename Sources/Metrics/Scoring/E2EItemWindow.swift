/// The items of `range` from a source that yields every item: those before it are read and dropped, and after it
/// only as many are passed on as coco's lexer may read past the range's last item (`CocoTokenizer.Lookahead`), so
/// batches of the window tokenise the range's items as the whole stream would (a line's tokens depend on the line
/// and the lines after it only).
struct E2EItemWindow<Source: E2EItemSource>: E2EItemSource {
    private var source: Source
    let range: Range<Int>
    /// Items read from the source so far.
    private(set) var read = 0
    private var predictions = CocoTokenizer.Lookahead()
    private var references = CocoTokenizer.Lookahead()

    init(_ source: Source, range: Range<Int>) {
        self.source = source
        self.range = range
    }

    mutating func next() throws -> E2EItem? {
        while read < range.lowerBound {
            guard try source.next() != nil else { return nil }
            read += 1
        }
        if read >= range.upperBound, predictions.isEnough, references.isEnough { return nil }
        guard let item = try source.next() else { return nil }
        read += 1
        if read > range.upperBound {
            predictions.add(item.prediction)
            for reference in item.references { references.add(reference) }
        }
        return item
    }

    /// Reads the rest of the source: how many items it holds in all.
    mutating func countAll() throws -> Int {
        while try source.next() != nil { read += 1 }
        return read
    }
}
