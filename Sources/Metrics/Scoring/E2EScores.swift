/// The five numbers of the E2E scorer, as it prints them (BLEU as a fraction, not points).
public struct E2EScores: Codable, Sendable, Equatable {
    public var bleu: Double
    public var nist: Double
    /// Nil when no METEOR scorer was supplied.
    public var meteor: Double?
    public var rougeL: Double
    public var cider: Double

    public init(bleu: Double, nist: Double, meteor: Double?, rougeL: Double, cider: Double) {
        self.bleu = bleu
        self.nist = nist
        self.meteor = meteor
        self.rougeL = rougeL
        self.cider = cider
    }
}
