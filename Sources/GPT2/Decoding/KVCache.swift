/// The keys and values every decoding row has computed so far, laid out [row][layer][k|v][head][position][headDim]
/// so one head's keys of one row are contiguous. Grows when rows or positions outgrow it, never per step.
final class KVCache {
    let layers: Int, heads: Int, headDim: Int
    private(set) var rowCapacity = 0
    private(set) var lengthCapacity = 0
    /// Cached positions of each live row.
    private(set) var lengths: [Int] = []
    private var storage: UnsafeMutablePointer<Float>
    /// Rows saved during a reorder before their slots are overwritten.
    private var stash: UnsafeMutablePointer<Float>
    private var stashCapacity = 0
    private var stashSlot: [Int] = []

    init(layers: Int, heads: Int, headDim: Int) {
        self.layers = layers
        self.heads = heads
        self.headDim = headDim
        storage = .allocate(capacity: 1)
        stash = .allocate(capacity: 1)
    }

    deinit {
        storage.deallocate()
        stash.deallocate()
    }

    var rowCount: Int { lengths.count }

    private var headStride: Int { lengthCapacity * headDim }
    private var rowStride: Int { layers * 2 * heads * headStride }

    /// Keys (`value` false) or values of one row, layer and head: [lengthCapacity, headDim].
    @inline(__always)
    func pointer(row: Int, layer: Int, value: Bool, head: Int) -> UnsafeMutablePointer<Float> {
        storage + row * rowStride + ((layer * 2 + (value ? 1 : 0)) * heads + head) * headStride
    }

    /// Empties the cache and makes room for `rows` rows of up to `length` positions.
    func reset(rows: Int, length: Int) {
        if rows > rowCapacity || length > lengthCapacity {
            storage.deallocate()
            rowCapacity = max(rows, rowCapacity)
            lengthCapacity = max(length, lengthCapacity)
            storage = .allocate(capacity: max(1, rowCapacity * rowStride))
        }
        lengths = Array(repeating: 0, count: rows)
    }

    /// Marks `count` more positions of `row` as cached (their keys and values are written by the caller).
    func advance(row: Int, by count: Int) { lengths[row] += count }

    /// Makes new row i a copy of old row `parents[i]`. Rows that stay in place are not touched; an old row
    /// whose slot is overwritten while another row still needs it is saved to the stash first.
    func reorder(parents: [Int]) {
        reserve(rows: parents.count)
        let old = lengths
        let moving = parents.indices.filter { parents[$0] != $0 }
        if !moving.isEmpty {
            var saved: [Int] = []
            stashSlot = Array(repeating: -1, count: old.count)
            for i in moving {
                let source = parents[i]
                if source < parents.count && parents[source] != source && stashSlot[source] < 0 {
                    stashSlot[source] = saved.count
                    saved.append(source)
                }
            }
            reserveStash(rows: saved.count)
            for (slot, source) in saved.enumerated() {
                copyRow(from: storage + source * rowStride, to: stash + slot * rowStride, length: old[source])
            }
            for i in moving {
                let source = parents[i]
                let from = stashSlot[source] >= 0 ? stash + stashSlot[source] * rowStride : storage + source * rowStride
                copyRow(from: from, to: storage + i * rowStride, length: old[source])
            }
        }
        lengths = parents.map { old[$0] }
    }

    private func reserveStash(rows: Int) {
        guard rows * rowStride > stashCapacity else { return }
        stash.deallocate()
        stashCapacity = rows * rowStride
        stash = .allocate(capacity: stashCapacity)
    }

    /// Copies the first `length` positions of every layer and head of one row.
    private func copyRow(from source: UnsafeMutablePointer<Float>, to destination: UnsafeMutablePointer<Float>, length: Int) {
        let count = length * headDim
        for block in 0..<(layers * 2 * heads) {
            (destination + block * headStride).update(from: source + block * headStride, count: count)
        }
    }

    /// Grows the length capacity to `length`, keeping every cached position.
    func reserve(length: Int) {
        guard length > lengthCapacity else { return }
        let oldStride = rowStride, oldHeadStride = headStride
        let grown = UnsafeMutablePointer<Float>.allocate(capacity: max(1, rowCapacity * layers * 2 * heads * length * headDim))
        lengthCapacity = length
        for row in 0..<rowCount {
            for block in 0..<(layers * 2 * heads) {
                (grown + row * rowStride + block * headStride)
                    .update(from: storage + row * oldStride + block * oldHeadStride, count: lengths[row] * headDim)
            }
        }
        storage.deallocate()
        storage = grown
        stash.deallocate()
        stash = .allocate(capacity: 1)
        stashCapacity = 0
    }

    /// Grows the row capacity to `rows`, keeping every cached row.
    func reserve(rows: Int) {
        guard rows > rowCapacity else { return }
        let grown = UnsafeMutablePointer<Float>.allocate(capacity: rows * rowStride)
        grown.update(from: storage, count: rowCount * rowStride)
        storage.deallocate()
        storage = grown
        rowCapacity = rows
    }
}
