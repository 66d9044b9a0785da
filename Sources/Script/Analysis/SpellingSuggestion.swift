/// Picks the closest known name to a misspelt one, for "did you mean" hints.
enum SpellingSuggestion {
    /// The candidate nearest to `name` by edit distance (adjacent swaps count once), if close enough:
    /// within a third of the name's length (at least 1), and never a replacement of every character.
    static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
        let target = Array(name.lowercased().unicodeScalars)
        let limit = max(1, target.count / 3)
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            let other = Array(candidate.lowercased().unicodeScalars)
            let distance = editDistance(target, other)
            guard distance <= limit, distance < min(target.count, other.count) else { continue }
            if let current = best, current.distance < distance || (current.distance == distance && current.name <= candidate) {
                continue
            }
            best = (candidate, distance)
        }
        return best?.name
    }

    /// " (did you mean 'x'?)" or the empty string.
    static func hint(for name: String, among candidates: some Sequence<String>, prefix: String = "") -> String {
        guard let match = closest(to: name, among: candidates) else { return "" }
        return " (did you mean '\(prefix)\(match)'?)"
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        let width = b.count + 1
        var previousPrevious = [Int](repeating: 0, count: width)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: width)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
