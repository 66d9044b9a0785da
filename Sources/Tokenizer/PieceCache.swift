import Foundation

/// A bounded, thread-safe memo from a piece's bytes to its token ids, shared by copies of a tokenizer.
/// Only pieces of at most 16 bytes are kept (almost all words), so a lookup never allocates.
final class PieceCache: @unchecked Sendable {
    /// A piece of up to 16 bytes packed into two words plus its length.
    struct Key: Hashable {
        var low: UInt64
        var high: UInt64
        var count: Int

        init?(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard bytes.count <= 16 else { return nil }
            var low: UInt64 = 0, high: UInt64 = 0
            for index in 0..<bytes.count {
                if index < 8 {
                    low |= UInt64(bytes[index]) << (8 * UInt64(index))
                } else {
                    high |= UInt64(bytes[index]) << (8 * UInt64(index - 8))
                }
            }
            self.low = low
            self.high = high
            self.count = bytes.count
        }
    }

    let capacity: Int
    private let lock = NSLock()
    private var entries: [Key: [Int32]] = [:]

    init(capacity: Int) {
        self.capacity = capacity
    }

    func ids(for key: Key) -> [Int32]? {
        lock.lock()
        defer { lock.unlock() }
        return entries[key]
    }

    /// Stores a result unless the cache is full; results never depend on what is cached.
    func store(_ ids: [Int32], for key: Key) {
        lock.lock()
        defer { lock.unlock() }
        if entries.count < capacity { entries[key] = ids }
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return entries.count
    }
}
