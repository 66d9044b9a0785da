/// An element of the sequences a `SequenceInterner` stores, with the hash that places a sequence in its table.
/// The hashes are part of the saved paraphrase index, so each element type keeps its own.
protocol InternedElement: Equatable, Sendable {
    static func hash(_ key: UnsafeBufferPointer<Self>) -> UInt64
}

extension UInt8: InternedElement {
    /// FNV-1a over the bytes, then mixed.
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key {
            h ^= UInt64(byte)
            h &*= 0x0000_0100_0000_01B3
        }
        return mixedHash(h)
    }
}

extension Int32: InternedElement {
    /// A multiply-xorshift chain over the words, seeded with the length, then mixed.
    static func hash(_ key: UnsafeBufferPointer<Int32>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        for word in key {
            h = (h ^ UInt64(UInt32(bitPattern: word))) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
        }
        return mixedHash(h)
    }
}

/// Gives each distinct sequence (a word's bytes, a phrase's word ids) a dense `Int32` id, storing all sequences
/// in one arena behind an open-addressing hash table, so millions of them load without one allocation each.
struct SequenceInterner<Element: InternedElement>: Sendable {
    private(set) var elements: [Element] = []
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
    init?(elements: [Element], offsets: [Int32], slots: [Int32]) {
        guard slots.count >= 16, slots.count & (slots.count - 1) == 0, offsets.first == 0,
              Int(offsets.last ?? -1) == elements.count else { return nil }
        self.elements = elements
        self.offsets = offsets
        self.slots = slots
        self.mask = slots.count - 1
    }

    var count: Int { offsets.count - 1 }

    /// The elements of sequence `id`.
    func sequence(_ id: Int32) -> ArraySlice<Element> {
        elements[Int(offsets[Int(id)])..<Int(offsets[Int(id) + 1])]
    }

    private func equals(_ id: Int32, _ key: UnsafeBufferPointer<Element>) -> Bool {
        let start = Int(offsets[Int(id)])
        let end = Int(offsets[Int(id) + 1])
        guard end - start == key.count else { return false }
        return elements.withUnsafeBufferPointer { stored in
            var i = 0
            while i < key.count {
                if stored[start + i] != key[i] { return false }
                i += 1
            }
            return true
        }
    }

    /// The id of `key`, or -1 when it was never interned.
    func id(of key: UnsafeBufferPointer<Element>) -> Int32 {
        var slot = Int(truncatingIfNeeded: Element.hash(key)) & mask
        while true {
            let id = slots[slot]
            if id < 0 { return -1 }
            if equals(id, key) { return id }
            slot = (slot + 1) & mask
        }
    }

    /// The id of `key`, adding it when new.
    mutating func intern(_ key: UnsafeBufferPointer<Element>) -> Int32 {
        var slot = Int(truncatingIfNeeded: Element.hash(key)) & mask
        while true {
            let id = slots[slot]
            if id < 0 { break }
            if equals(id, key) { return id }
            slot = (slot + 1) & mask
        }
        let id = Int32(count)
        elements.append(contentsOf: key)
        offsets.append(Int32(elements.count))
        slots[slot] = id
        if count * 2 > slots.count { grow() }
        return id
    }

    private mutating func grow() {
        let size = slots.count * 2
        var fresh = [Int32](repeating: -1, count: size)
        let newMask = size - 1
        elements.withUnsafeBufferPointer { stored in
            for id in 0..<count {
                let key = UnsafeBufferPointer(rebasing: stored[Int(offsets[id])..<Int(offsets[id + 1])])
                var slot = Int(truncatingIfNeeded: Element.hash(key)) & newMask
                while fresh[slot] >= 0 { slot = (slot + 1) & newMask }
                fresh[slot] = Int32(id)
            }
        }
        slots = fresh
        mask = newMask
    }
}

/// Words of the paraphrase table, by their UTF-8 bytes.
typealias ByteStringInterner = SequenceInterner<UInt8>
/// Phrases of the paraphrase table, by their word ids.
typealias PhraseInterner = SequenceInterner<Int32>

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
