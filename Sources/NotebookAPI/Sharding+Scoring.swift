import Metrics

extension Sharding {
    /// `evaluate`'s and `lorabook score`'s hook: this rank scores its contiguous share of the items (`share(of:)`),
    /// and every rank gets every item's statistics back, all-gathered in rank order, so in item order; the scorer
    /// then adds them up as one process does. `scored(share, items)` hears of this rank's share once it is done.
    public func scoring(scored: @escaping (_ share: Range<Int>, _ items: Int) -> Void = { _, _ in }) -> E2EScoreSharing {
        E2EScoreSharing { items, scoreShare in
            let mine = share(of: items)
            return try gatheringEveryRank { () -> [E2EItemStatistics] in
                let statistics = try scoreShare(mine)
                scored(mine, items)
                return statistics
            }.flatMap { $0 }
        }
    }

    /// How a progress line names this rank's share of `items` (MRs or outputs): "MRs 1-2 of 5 on rank 0 of 2".
    public func describe(_ share: Range<Int>, of items: Int, unit: String) -> String {
        let which = share.isEmpty ? "no \(unit) (of \(items))" : "\(unit) \(share.lowerBound + 1)-\(share.upperBound) of \(items)"
        return "\(which) on rank \(rank) of \(ranks)"
    }
}
