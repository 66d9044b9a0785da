/// The keys and values every decoding row has computed so far. Each cached token owns a slot, laid out
/// [layer][slot][k | v][d]; a row is its table of slots by position. Rows that fork (beam search) share their
/// common prefix's slots, so reordering rows copies slot numbers, never keys and values.
/// Storage grows when slots, rows or positions outgrow it, never per step.
final class KVCache {
    let layers: Int, dim: Int
    private(set) var slotCapacity = 0
    private(set) var slotCount = 0
    private(set) var rowCapacity = 0
    private(set) var lengthCapacity = 0
    /// Cached positions of each live row.
    private(set) var lengths: [Int] = []
    private var storage: UnsafeMutablePointer<Float>
    /// Slot of each (row, position), [rowCapacity, lengthCapacity]; `spareTable` receives a reorder.
    private var table: UnsafeMutablePointer<Int32>
    private var spareTable: UnsafeMutablePointer<Int32>

    init(layers: Int, dim: Int) {
        self.layers = layers
        self.dim = dim
        storage = .allocate(capacity: 1)
        table = .allocate(capacity: 1)
        spareTable = .allocate(capacity: 1)
    }

    deinit {
        storage.deallocate()
        table.deallocate()
        spareTable.deallocate()
    }

    var rowCount: Int { lengths.count }

    /// Keys of one slot at one layer (`d` floats, heads side by side); the values follow them.
    @inline(__always)
    func keys(layer: Int, slot: Int) -> UnsafeMutablePointer<Float> {
        storage + (layer * slotCapacity + slot) * 2 * dim
    }

    /// Slot numbers of one row by position.
    @inline(__always)
    func slots(row: Int) -> UnsafePointer<Int32> { UnsafePointer(table + row * lengthCapacity) }

    /// Empties the cache and makes room for `rows` rows of up to `length` positions and `slots` cached tokens.
    func reset(rows: Int, length: Int, slots: Int) {
        lengths = []
        slotCount = 0
        reserve(rows: rows, length: length)
        reserve(slots: slots)
        lengths = Array(repeating: 0, count: rows)
    }

    /// Gives each entry (row, position) a fresh slot, recorded in the row's table; returns them in `entrySlots`.
    /// The caller writes the slots' keys and values, then calls `advance`.
    func assignSlots(rows: UnsafePointer<Int>, positions: UnsafePointer<Int>, count: Int,
                     entrySlots: UnsafeMutablePointer<Int32>) {
        if slotCount + count > slotCapacity { reserve(slots: max(2 * slotCapacity, slotCount + count)) }
        for e in 0..<count {
            let slot = Int32(slotCount + e)
            table[rows[e] * lengthCapacity + positions[e]] = slot
            entrySlots[e] = slot
        }
        slotCount += count
    }

    /// Points positions 0 ..< count of every row at the same `count` fresh slots and marks them cached; returns the
    /// first slot, whose keys and values the caller writes (a key/value prefix: `startRows(with:)`).
    func shareFirstPositions(count: Int) -> Int {
        if slotCount + count > slotCapacity { reserve(slots: slotCount + count) }
        let first = slotCount
        for row in 0..<rowCount {
            for position in 0..<count { table[row * lengthCapacity + position] = Int32(first + position) }
            lengths[row] += count
        }
        slotCount += count
        return first
    }

    /// Marks `count` more positions of `row` as cached.
    func advance(row: Int, by count: Int) { lengths[row] += count }

    /// Makes new row i a continuation of old row `parents[i]`: its slot table is copied, its keys and values shared.
    func reorder(parents: [Int]) {
        if parents.count == rowCount && parents.indices.allSatisfy({ parents[$0] == $0 }) { return }
        reserve(rows: parents.count, length: lengthCapacity)
        for (row, parent) in parents.enumerated() {
            (spareTable + row * lengthCapacity).update(from: table + parent * lengthCapacity, count: lengths[parent])
        }
        swap(&table, &spareTable)
        lengths = parents.map { lengths[$0] }
    }

    /// Grows row and length capacity, keeping every row's table.
    func reserve(rows: Int, length: Int) {
        guard rows > rowCapacity || length > lengthCapacity else { return }
        let newRows = max(rows, rowCapacity), newLength = max(length, lengthCapacity)
        let grown = UnsafeMutablePointer<Int32>.allocate(capacity: newRows * newLength)
        for row in 0..<rowCount {
            (grown + row * newLength).update(from: table + row * lengthCapacity, count: lengths[row])
        }
        table.deallocate()
        spareTable.deallocate()
        table = grown
        spareTable = .allocate(capacity: newRows * newLength)
        rowCapacity = newRows
        lengthCapacity = newLength
    }

    /// Grows slot capacity, keeping every cached slot.
    private func reserve(slots: Int) {
        guard slots > slotCapacity else { return }
        let grown = UnsafeMutablePointer<Float>.allocate(capacity: max(1, layers * slots * 2 * dim))
        for layer in 0..<layers {
            (grown + layer * slots * 2 * dim).update(from: storage + layer * slotCapacity * 2 * dim, count: slotCount * 2 * dim)
        }
        storage.deallocate()
        storage = grown
        slotCapacity = slots
    }
}
