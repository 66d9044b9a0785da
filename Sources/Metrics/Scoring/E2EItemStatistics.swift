/// One item's share of the five corpus scores: what each metric sums over the items. The corpus scores are these
/// summed in item order (`E2EStreamScorer`), whether one process computed every item or the items were shared out
/// among processes and gathered back: the same sums in the same order, so the same bits.
public struct E2EItemStatistics: Codable, Sendable, Equatable {
    /// Clipped n-gram matches and lengths.
    var bleu: BLEU.Segment
    /// Information-weighted matches (weights from every item's references) and the length.
    var nist: NIST.Segment
    /// Against the best reference; nil without a METEOR scorer.
    var meteor: METEORStatistics?
    var rougeL: Double
    /// With document frequencies from every item's references.
    var cider: Double
}

/// How the per-item work of scoring is shared out among processes (the ranks of an MPI run). Called once, on every
/// process, with the number of items and `scoreShare`, it runs `scoreShare` on this process's contiguous range of
/// `0..<items` and returns every process's statistics put together in item order, on every process.
public struct E2EScoreSharing {
    public var spread: (_ items: Int, _ scoreShare: (Range<Int>) throws -> [E2EItemStatistics]) throws -> [E2EItemStatistics]

    public init(spread: @escaping (Int, (Range<Int>) throws -> [E2EItemStatistics]) throws -> [E2EItemStatistics]) {
        self.spread = spread
    }
}
