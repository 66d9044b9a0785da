/// One output to score with its references.
public struct E2EItem: Sendable, Equatable {
    public var prediction: String
    public var references: [String]

    public init(prediction: String, references: [String]) {
        self.prediction = prediction
        self.references = references
    }
}

/// Items read one at a time, where reading may fail (a file with bad lines).
public protocol E2EItemSource {
    /// The next item, nil after the last.
    mutating func next() throws -> E2EItem?
}

/// A sequence's items as a source.
struct E2ESequenceItems<Iterator: IteratorProtocol>: E2EItemSource where Iterator.Element == E2EItem {
    var iterator: Iterator
    mutating func next() -> E2EItem? { iterator.next() }
}

/// Cuts a stream of items into batches, each handed over with the items after it that coco's lexer may read
/// (`CocoTokenizer.Lookahead`), so a batch tokenises as it would inside the whole stream.
enum E2EItemBatches {
    /// Calls `body(batch, lookahead, index of the batch's first item)` for consecutive batches of `size` items
    /// (the last may be shorter). Holds `size` items plus the lookahead, which is a few items unless the
    /// predictions are blank for a long run (the lexer may read through all of it).
    static func forEach<S: Sequence>(_ items: S, size: Int,
                                     _ body: (ArraySlice<E2EItem>, ArraySlice<E2EItem>, Int) throws -> Void) throws
    where S.Element == E2EItem {
        var source = E2ESequenceItems(iterator: items.makeIterator())
        try forEach(&source, size: size, body)
    }

    static func forEach<Source: E2EItemSource>(_ items: inout Source, size: Int,
                                               _ body: (ArraySlice<E2EItem>, ArraySlice<E2EItem>, Int) throws -> Void) throws {
        var buffer: [E2EItem] = []
        buffer.reserveCapacity(size + 4)
        var first = 0
        var predictions = CocoTokenizer.Lookahead()
        var references = CocoTokenizer.Lookahead()
        while let item = try items.next() {
            buffer.append(item)
            guard buffer.count > size else { continue }
            predictions.add(item.prediction)
            for reference in item.references { references.add(reference) }
            if predictions.isEnough, references.isEnough {
                try body(buffer[..<size], buffer[size...], first)
                first += size
                buffer.removeFirst(size)
                predictions = CocoTokenizer.Lookahead()
                references = CocoTokenizer.Lookahead()
                for later in buffer.dropFirst(size) {
                    predictions.add(later.prediction)
                    for reference in later.references { references.add(reference) }
                }
            }
        }
        // The stream ends here, so what follows the last batches is all there is.
        var start = 0
        while start < buffer.count {
            let end = min(start + size, buffer.count)
            try body(buffer[start..<end], buffer[end...], first + start)
            start = end
        }
    }
}
