/// Gives each distinct byte string a dense `Int32` id, storing all strings in one byte arena
/// behind an open-addressing hash table, so millions of words load without one allocation each.
struct ByteStringInterner {
    private(set) var bytes: [UInt8] = []
    private(set) var offsets: [Int32] = [0]
    private(set) var slots: [Int32]
    private var mask: Int

    init(capacity: Int = 1 << 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// Restores an interner from the arrays of another (as saved in a paraphrase index).
    init?(bytes: [UInt8], offsets: [Int32], slots: [Int32]) {
        guard slots.count >= 16, slots.count & (slots.count - 1) == 0, offsets.first == 0,
              Int(offsets.last ?? -1) == bytes.count else { return nil }
        self.bytes = bytes
        self.offsets = offsets
        self.slots = slots
        self.mask = slots.count - 1
    }

    var count: Int { offsets.count - 1 }

    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key {
            h ^= UInt64(byte)
            h &*= 0x0000_0100_0000_01B3
        }
        return mixedHash(h)
    }

    private func equals(_ id: Int32, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(offsets[Int(id)])
        let end = Int(offsets[Int(id) + 1])
        guard end - start == key.count else { return false }
        return bytes.withUnsafeBufferPointer { stored in
            var i = 0
            while i < key.count {
                if stored[start + i] != key[i] { return false }
                i += 1
            }
            return true
        }
    }

    /// The id of `key`, or -1 when it was never interned.
    func id(of key: UnsafeBufferPointer<UInt8>) -> Int32 {
        var slot = Int(truncatingIfNeeded: Self.hash(key)) & mask
        while true {
            let id = slots[slot]
            if id < 0 { return -1 }
            if equals(id, key) { return id }
            slot = (slot + 1) & mask
        }
    }

    /// The id of `key`, adding it when new.
    mutating func intern(_ key: UnsafeBufferPointer<UInt8>) -> Int32 {
        var slot = Int(truncatingIfNeeded: Self.hash(key)) & mask
        while true {
            let id = slots[slot]
            if id < 0 { break }
            if equals(id, key) { return id }
            slot = (slot + 1) & mask
        }
        let id = Int32(count)
        bytes.append(contentsOf: key)
        offsets.append(Int32(bytes.count))
        slots[slot] = id
        if count * 2 > slots.count { grow() }
        return id
    }

    private mutating func grow() {
        let size = slots.count * 2
        var fresh = [Int32](repeating: -1, count: size)
        let newMask = size - 1
        bytes.withUnsafeBufferPointer { stored in
            for id in 0..<count {
                let key = UnsafeBufferPointer(rebasing: stored[Int(offsets[id])..<Int(offsets[id + 1])])
                var slot = Int(truncatingIfNeeded: Self.hash(key)) & newMask
                while fresh[slot] >= 0 { slot = (slot + 1) & newMask }
                fresh[slot] = Int32(id)
            }
        }
        slots = fresh
        mask = newMask
    }
}

/// The finaliser of MurmurHash3: spreads every input bit over the low bits used as a table index.
@inline(__always)
func mixedHash(_ value: UInt64) -> UInt64 {
    var h = value
    h ^= h >> 33
    h &*= 0xFF51_AFD7_ED55_8CCD
    h ^= h >> 33
    h &*= 0xC4CE_B9FE_1A85_EC53
    h ^= h >> 33
    return h
}
