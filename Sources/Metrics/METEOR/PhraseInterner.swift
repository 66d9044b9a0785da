/// Gives each distinct sequence of word ids a dense `Int32` id, with all sequences in one arena.
struct PhraseInterner {
    private(set) var words: [Int32] = []
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
    init?(words: [Int32], offsets: [Int32], slots: [Int32]) {
        guard slots.count >= 16, slots.count & (slots.count - 1) == 0, offsets.first == 0,
              Int(offsets.last ?? -1) == words.count else { return nil }
        self.words = words
        self.offsets = offsets
        self.slots = slots
        self.mask = slots.count - 1
    }

    var count: Int { offsets.count - 1 }

    static func hash(_ key: UnsafeBufferPointer<Int32>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        for word in key {
            h = (h ^ UInt64(UInt32(bitPattern: word))) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
        }
        return mixedHash(h)
    }

    /// The words of phrase `id`.
    func phrase(_ id: Int32) -> ArraySlice<Int32> {
        words[Int(offsets[Int(id)])..<Int(offsets[Int(id) + 1])]
    }

    private func equals(_ id: Int32, _ key: UnsafeBufferPointer<Int32>) -> Bool {
        let start = Int(offsets[Int(id)])
        let end = Int(offsets[Int(id) + 1])
        guard end - start == key.count else { return false }
        return words.withUnsafeBufferPointer { stored in
            var i = 0
            while i < key.count {
                if stored[start + i] != key[i] { return false }
                i += 1
            }
            return true
        }
    }

    /// The id of `key`, or -1 when it was never interned.
    func id(of key: UnsafeBufferPointer<Int32>) -> Int32 {
        var slot = Int(truncatingIfNeeded: Self.hash(key)) & mask
        while true {
            let id = slots[slot]
            if id < 0 { return -1 }
            if equals(id, key) { return id }
            slot = (slot + 1) & mask
        }
    }

    /// The id of `key`, adding it when new.
    mutating func intern(_ key: UnsafeBufferPointer<Int32>) -> Int32 {
        var slot = Int(truncatingIfNeeded: Self.hash(key)) & mask
        while true {
            let id = slots[slot]
            if id < 0 { break }
            if equals(id, key) { return id }
            slot = (slot + 1) & mask
        }
        let id = Int32(count)
        words.append(contentsOf: key)
        offsets.append(Int32(words.count))
        slots[slot] = id
        if count * 2 > slots.count { grow() }
        return id
    }

    private mutating func grow() {
        let size = slots.count * 2
        var fresh = [Int32](repeating: -1, count: size)
        let newMask = size - 1
        words.withUnsafeBufferPointer { stored in
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
