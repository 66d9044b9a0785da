/// Prefix tuning in decoding: the prefix's keys and values are the first cached positions of every row.
extension KVCache {
    /// Gives every row the prefix as its positions 0 ..< length, on `length` fresh slots all rows share (beam forks
    /// copy slot numbers, so the prefix is stored once). Call right after `reset`, before any token is cached.
    func startRows(with prefix: PrefixAdapter) {
        let first = shareFirstPositions(count: prefix.length)
        let values = prefix.values.pointer
        for layer in 0..<layers {
            for position in 0..<prefix.length {
                // One position's key and value of a layer are adjacent in the prefix, as in a slot.
                keys(layer: layer, slot: first + position)
                    .update(from: values + position * prefix.stride + prefix.keyOffset(layer: layer), count: 2 * dim)
            }
        }
    }
}
