/// Gives each distinct byte string a dense `Int32` id, storing all strings in one byte arena
/// behind an open-addressing hash table, so millions of words load without one allocation each.
struct ByteStringInterner {
    private(set) var bytes: [UInt8] = []
    private(set) var offsets: [Int32] = [0]
    private var slots: [Int32]
    private var mask: Int

    init(capacity: Int = 1 << 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    var count: Int { offsets.count - 1 }

    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key {
            h ^= UInt64(byte)
            h &*= 0x0000_0100_0000_01B3
        }
        return h ^ (h >> 29)
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
