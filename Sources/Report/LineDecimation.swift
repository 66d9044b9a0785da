/// Thins a long line to what a screen can show: per pixel-wide bucket of x it keeps the first, lowest,
/// highest and last point, in x order, so spikes and the envelope survive while the SVG stays small.
enum LineDecimation {
    /// `points` unchanged when they number at most `4 * buckets`; else at most four points per bucket.
    static func reduce(_ points: [ChartPoint], buckets: Int) -> [ChartPoint] {
        guard buckets > 0, points.count > 4 * buckets,
              let low = points.map(\.x).min(), let high = points.map(\.x).max(), high > low else { return points }
        var kept: [ChartPoint] = []
        kept.reserveCapacity(4 * buckets)
        var start = 0
        while start < points.count {
            let bucket = min(buckets - 1, Int((points[start].x - low) / (high - low) * Double(buckets)))
            var end = start + 1
            while end < points.count,
                  min(buckets - 1, Int((points[end].x - low) / (high - low) * Double(buckets))) == bucket {
                end += 1
            }
            let run = points[start..<end]
            var chosen: Set<Int> = [start, end - 1]
            if let lowest = run.indices.min(by: { points[$0].y < points[$1].y }) { chosen.insert(lowest) }
            if let highest = run.indices.max(by: { points[$0].y < points[$1].y }) { chosen.insert(highest) }
            kept += chosen.sorted().map { points[$0] }
            start = end
        }
        return kept
    }
}
