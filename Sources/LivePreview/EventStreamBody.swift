import FlyingSocks
import Foundation

/// The body of an `/events` response: a listener's server-sent events as bytes, for FlyingFox to send chunk by
/// chunk as they come. The listener is registered when the server starts sending and removed when it stops (the
/// page went away and a write failed, or the server closed the connection).
struct EventStreamBody: AsyncBufferedSequence {
    typealias Element = UInt8
    let state: PreviewState

    func makeAsyncIterator() -> Iterator {
        let (events, cancel) = state.subscribe()
        return Iterator(events: events.makeAsyncIterator(), subscription: Subscription(cancel: cancel))
    }

    /// Ends the listener's registration when the iterator that reads it is dropped.
    final class Subscription {
        let cancel: @Sendable () -> Void
        init(cancel: @escaping @Sendable () -> Void) { self.cancel = cancel }
        deinit { cancel() }
    }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var events: AsyncStream<[UInt8]>.Iterator
        let subscription: Subscription
        var pending: ArraySlice<UInt8> = []

        mutating func next() async -> UInt8? {
            await nextBuffer(suggested: 1)?.first
        }

        /// The rest of the current event, at most `count` bytes; waits for the next event when none is left.
        mutating func nextBuffer(suggested count: Int) async -> ArraySlice<UInt8>? {
            if pending.isEmpty {
                guard let event = await events.next() else { return nil }
                pending = event[...]
            }
            let taken = pending.prefix(Swift.max(1, count))
            pending = pending.dropFirst(taken.count)
            return taken
        }
    }
}
