/// Activations of one incremental pass over a set of query tokens, allocated for the largest pass seen so far
/// and reused by every later one, so decoding steps allocate nothing.
final class DecodeActivations {
    typealias Pointer = UnsafeMutablePointer<Float>

    private(set) var entryCapacity = 0
    private(set) var scoreLength = 0
    private(set) var selectedCapacity = 0
    private var scoreCapacity = 0
    let dim: Int, heads: Int, loraWidth: Int

    /// [entries, d]: the residual stream, a LayerNorm output, the attention output, a branch output.
    private(set) var residual: Pointer, normalized: Pointer, attention: Pointer, branch: Pointer
    /// [entries, 3d] and [entries, 4d].
    private(set) var qkv: Pointer, fc: Pointer
    /// [entries] LayerNorm statistics (unused by decoding, required by the kernel).
    private(set) var mean: Pointer, rstd: Pointer
    /// [entries, rank × targets]: x A^T of the unmerged LoRA path.
    private(set) var loraHidden: Pointer
    /// [entries × heads, scoreLength]: attention scores, one row per (entry, head).
    private(set) var scores: Pointer
    /// [entries]: the cache slot of each entry.
    private(set) var slots: UnsafeMutablePointer<Int32>
    /// [rows, d]: the final hidden state of the rows whose logits are wanted.
    private(set) var selected: Pointer

    init(config: GPT2Config, loraWidth: Int) {
        dim = config.nEmbd
        heads = config.nHead
        self.loraWidth = loraWidth
        residual = .allocate(capacity: 1); normalized = .allocate(capacity: 1)
        attention = .allocate(capacity: 1); branch = .allocate(capacity: 1)
        qkv = .allocate(capacity: 1); fc = .allocate(capacity: 1)
        mean = .allocate(capacity: 1); rstd = .allocate(capacity: 1)
        loraHidden = .allocate(capacity: 1); scores = .allocate(capacity: 1); selected = .allocate(capacity: 1)
        slots = .allocate(capacity: 1)
    }

    deinit {
        for buffer in [residual, normalized, attention, branch, qkv, fc, mean, rstd, loraHidden, scores, selected] {
            buffer.deallocate()
        }
        slots.deallocate()
    }

    /// Makes room for a pass of `entries` query tokens attending over at most `length` positions.
    func reserve(entries: Int, length: Int) {
        if entries > entryCapacity {
            entryCapacity = entries
            let d = dim
            for (buffer, width) in [(\DecodeActivations.residual, d), (\.normalized, d), (\.attention, d),
                                    (\.branch, d), (\.qkv, 3 * d), (\.fc, 4 * d), (\.mean, 1), (\.rstd, 1),
                                    (\.loraHidden, max(1, loraWidth))] as [(ReferenceWritableKeyPath<DecodeActivations, Pointer>, Int)] {
                self[keyPath: buffer].deallocate()
                self[keyPath: buffer] = .allocate(capacity: entries * width)
            }
            slots.deallocate()
            slots = .allocate(capacity: entries)
        }
        scoreLength = max(length, scoreLength)
        let scoreCount = entryCapacity * heads * scoreLength
        if scoreCount > scoreCapacity {
            scoreCapacity = scoreCount
            scores.deallocate()
            scores = .allocate(capacity: scoreCount)
        }
    }

    /// Makes room for the final hidden states of `rows` rows.
    func reserve(selectedRows rows: Int) {
        guard rows > selectedCapacity else { return }
        selectedCapacity = rows
        selected.deallocate()
        selected = .allocate(capacity: rows * dim)
    }
}
