/// A contiguous, zero-initialised Float buffer with value semantics (copy on write) and stable pointers,
/// so a training step reaches every weight, gradient and moment without nested closures.
public struct FloatBuffer: @unchecked Sendable {
    final class Storage {
        let base: UnsafeMutablePointer<Float>
        let count: Int

        init(count: Int) {
            self.count = count
            base = .allocate(capacity: Swift.max(count, 1))
            base.initialize(repeating: 0, count: Swift.max(count, 1))
        }

        deinit { base.deallocate() }
    }

    private var storage: Storage

    public init(count: Int) { storage = Storage(count: count) }

    public init(_ values: [Float]) {
        storage = Storage(count: values.count)
        values.withUnsafeBufferPointer { source in
            if let address = source.baseAddress { storage.base.update(from: address, count: values.count) }
        }
    }

    public var count: Int { storage.count }

    /// Read access; valid while this buffer is alive and not mutated.
    var pointer: UnsafePointer<Float> { UnsafePointer(storage.base) }

    /// Write access, copying first when the storage is shared.
    mutating func mutablePointer() -> UnsafeMutablePointer<Float> {
        if !isKnownUniquelyReferenced(&storage) {
            let copy = Storage(count: storage.count)
            copy.base.update(from: storage.base, count: storage.count)
            storage = copy
        }
        return storage.base
    }

    public var array: [Float] { Array(UnsafeBufferPointer(start: storage.base, count: storage.count)) }

    public subscript(range: Range<Int>) -> [Float] {
        Array(UnsafeBufferPointer(start: storage.base + range.lowerBound, count: range.count))
    }

    mutating func setZero() { mutablePointer().update(repeating: 0, count: count) }

    public var byteCount: Int { count * MemoryLayout<Float>.stride }
}

extension FloatBuffer: Equatable {
    public static func == (lhs: FloatBuffer, rhs: FloatBuffer) -> Bool {
        lhs.count == rhs.count && (lhs.storage === rhs.storage
            || UnsafeBufferPointer(start: lhs.storage.base, count: lhs.count)
                .elementsEqual(UnsafeBufferPointer(start: rhs.storage.base, count: rhs.count)))
    }
}
