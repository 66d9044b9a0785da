import Foundation

/// The aligner's beam search over partial alignments, reproducing METEOR 1.5's ranking: more
/// (weighted, truncated to whole numbers) matched words first, then fewer chunks, then less distance.
/// Paths live in flat generation buffers so that extending one copies a few integers, not objects.
struct AlignmentBeamSearch {
    private let matches: [METEORMatch]
    private let matchesByStart: [[Int32]]
    private let hypothesisLength: Int
    private let referenceLength: Int
    private let weights: [Double]
    private let beamSize: Int
    private let stride: Int
    private var initialSlab: [Int32]

    /// The numbers the ranking uses; the chosen matches and used words are in the slab.
    private struct Path {
        var matches1 = 0
        var matches2 = 0
        var chunks = 0
        var index = 0
        var lastMatchEnd = -1
        var distance = 0
    }

    /// One generation of paths: headers plus `stride` slab entries each, laid out as
    /// chosen match per reference word (-1 for none), then hypothesis and reference used flags.
    private struct Generation {
        var paths: [Path] = []
        var slab: [Int32] = []
    }

    init(stage: MatchStage, hypothesisLength: Int, weights: [Double], beamSize: Int) {
        var matches: [METEORMatch] = []
        var byStart: [[Int32]] = []
        for group in stage.matches {
            var ids: [Int32] = []
            for match in group {
                ids.append(Int32(matches.count))
                matches.append(match)
            }
            byStart.append(ids)
        }
        self.matches = matches
        self.matchesByStart = byStart
        self.hypothesisLength = hypothesisLength
        self.referenceLength = stage.matches.count
        self.weights = weights
        self.beamSize = beamSize
        self.stride = 2 * stage.matches.count + hypothesisLength
        var slab = [Int32](repeating: -1, count: referenceLength)
        slab.append(contentsOf: repeatElement(0, count: hypothesisLength + referenceLength))
        // A reference position with a single candidate whose words no other candidate touches is fixed.
        for (position, ids) in byStart.enumerated() where ids.count == 1 {
            let match = matches[Int(ids[0])]
            let overlaps = (0..<match.length).contains { stage.referenceCoverage[position + $0] != 1 }
                || (0..<match.matchLength).contains { stage.hypothesisCoverage[match.matchStart + $0] != 1 }
            if !overlaps {
                slab[position] = ids[0]
                for k in 0..<match.length { slab[referenceLength + hypothesisLength + position + k] = 1 }
                for k in 0..<match.matchLength { slab[referenceLength + match.matchStart + k] = 1 }
            }
        }
        self.initialSlab = slab
    }

    private func usedHypothesisOffset(_ base: Int) -> Int { base + referenceLength }
    private func usedReferenceOffset(_ base: Int) -> Int { base + referenceLength + hypothesisLength }

    /// Whether `x` ranks strictly before `y`.
    private static func ranksBefore(_ x: Path, _ y: Path) -> Bool {
        let xTotal = x.matches1 + x.matches2
        let yTotal = y.matches1 + y.matches2
        if xTotal != yTotal { return xTotal > yTotal }
        if x.chunks != y.chunks { return x.chunks < y.chunks }
        return x.distance < y.distance
    }

    /// Indices of `paths` in rank order, ties kept in insertion order (Java's sort is stable).
    /// Each path's rank and index are packed into one integer so a plain integer sort orders them.
    private static func rankOrder(_ paths: [Path]) -> [Int] {
        var keys: [UInt64] = []
        keys.reserveCapacity(paths.count)
        for index in paths.indices {
            let path = paths[index]
            let total = path.matches1 + path.matches2
            guard total < 1 << 16, path.chunks < 1 << 12, path.distance < 1 << 20, index < 1 << 16 else {
                return comparedOrder(paths)
            }
            keys.append(UInt64((1 << 16) - 1 - total) << 48 | UInt64(path.chunks) << 36
                        | UInt64(path.distance) << 16 | UInt64(index))
        }
        if keys.count <= 24 {
            // Most steps rank a handful of paths, where insertion sort beats a library call.
            keys.withUnsafeMutableBufferPointer { buffer in
                var i = 1
                while i < buffer.count {
                    let key = buffer[i]
                    var j = i - 1
                    while j >= 0 && buffer[j] > key {
                        buffer[j + 1] = buffer[j]
                        j -= 1
                    }
                    buffer[j + 1] = key
                    i += 1
                }
            }
            return keys.map { Int($0 & 0xFFFF) }
        }
        keys.sort()
        return keys.map { Int($0 & 0xFFFF) }
    }

    /// The same order for alignments too large to pack (hundreds of words).
    private static func comparedOrder(_ paths: [Path]) -> [Int] {
        Array(paths.indices).sorted { a, b in
            if ranksBefore(paths[a], paths[b]) { return true }
            if ranksBefore(paths[b], paths[a]) { return false }
            return a < b
        }
    }

    private func weighted(_ total: Int, _ length: Int, module: Int) -> Int {
        // The original accumulates into an int, truncating the weighted sum each time.
        Int(Double(total) + Double(length) * weights[module])
    }

    /// The chosen match at each reference position of the best complete alignment.
    mutating func bestAlignment() -> [METEORMatch?] {
        var next = Generation()
        next.paths.append(Path())
        next.slab.append(contentsOf: initialSlab)
        var current = Generation()
        for position in 0...referenceLength {
            swap(&current, &next)
            next.paths.removeAll(keepingCapacity: true)
            next.slab.removeAll(keepingCapacity: true)
            let order = Self.rankOrder(current.paths)
            for rank in 0..<min(beamSize, order.count) {
                let source = order[rank]
                var path = current.paths[source]
                let base = source * stride
                if position == referenceLength {
                    if path.lastMatchEnd != -1 { path.chunks += 1 }
                    append(path, slab: current.slab[base..<(base + stride)], to: &next)
                    continue
                }
                if current.slab[usedReferenceOffset(base) + position] != 0 {
                    if position < path.index {
                        append(path, slab: current.slab[base..<(base + stride)], to: &next)
                    } else if current.slab[base + path.index] >= 0 {
                        let match = matches[Int(current.slab[base + path.index])]
                        path.matches1 = weighted(path.matches1, match.matchLength, module: match.module)
                        path.matches2 = weighted(path.matches2, match.length, module: match.module)
                        if path.lastMatchEnd != -1 && match.matchStart != path.lastMatchEnd { path.chunks += 1 }
                        path.index = match.start + match.length
                        path.lastMatchEnd = match.matchStart + match.matchLength
                        path.distance += abs(match.start - match.matchStart)
                        append(path, slab: current.slab[base..<(base + stride)], to: &next)
                    }
                    continue
                }
                for id in matchesByStart[position] {
                    let match = matches[Int(id)]
                    if isUsed(match, slab: current.slab, base: base) { continue }
                    var extended = path
                    extended.matches1 = weighted(extended.matches1, match.matchLength, module: match.module)
                    extended.matches2 = weighted(extended.matches2, match.length, module: match.module)
                    if extended.lastMatchEnd != -1 && match.matchStart != extended.lastMatchEnd { extended.chunks += 1 }
                    extended.index = match.start + match.length
                    extended.lastMatchEnd = match.matchStart + match.matchLength
                    // The original adds the distance to the path being extended, not to the new one.
                    path.distance += abs(match.start - match.matchStart)
                    let newBase = next.paths.count * stride
                    append(extended, slab: current.slab[base..<(base + stride)], to: &next)
                    next.slab[newBase + position] = id
                    for k in 0..<match.length { next.slab[usedReferenceOffset(newBase) + match.start + k] = 1 }
                    for k in 0..<match.matchLength { next.slab[usedHypothesisOffset(newBase) + match.matchStart + k] = 1 }
                }
                if path.lastMatchEnd != -1 {
                    path.chunks += 1
                    path.lastMatchEnd = -1
                }
                path.index += 1
                append(path, slab: current.slab[base..<(base + stride)], to: &next)
            }
            if next.paths.isEmpty, let best = order.first {
                append(current.paths[best], slab: current.slab[(best * stride)..<(best * stride + stride)], to: &next)
            }
        }
        let best = Self.rankOrder(next.paths)[0] * stride
        return (0..<referenceLength).map { position in
            let id = next.slab[best + position]
            return id >= 0 ? matches[Int(id)] : nil
        }
    }

    private func isUsed(_ match: METEORMatch, slab: [Int32], base: Int) -> Bool {
        for k in 0..<match.length where slab[usedReferenceOffset(base) + match.start + k] != 0 { return true }
        for k in 0..<match.matchLength where slab[usedHypothesisOffset(base) + match.matchStart + k] != 0 { return true }
        return false
    }

    private func append(_ path: Path, slab: ArraySlice<Int32>, to generation: inout Generation) {
        generation.paths.append(path)
        generation.slab.append(contentsOf: slab)
    }
}
