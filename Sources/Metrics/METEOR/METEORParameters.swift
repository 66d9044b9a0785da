/// METEOR 1.5's English parameters for the default (ranking) task, which `-l en` selects.
public struct METEORParameters: Sendable, Equatable {
    /// Weight of recall against precision in the harmonic mean.
    public var alpha: Double
    /// Exponent of the fragmentation penalty.
    public var beta: Double
    /// Maximum fragmentation penalty.
    public var gamma: Double
    /// Weight of content words against function words.
    public var delta: Double
    /// Score weights of the exact, stem, synonym and paraphrase matches.
    public var moduleWeights: [Double]
    /// Weights the aligner uses to rank partial alignments (the jar fixes them for evaluation).
    public var alignmentWeights: [Double]
    /// Partial alignments kept per step of the alignment search.
    public var beamSize: Int

    public static let english = METEORParameters(
        alpha: 0.85, beta: 0.20, gamma: 0.60, delta: 0.75,
        moduleWeights: [1.0, 0.6, 0.8, 0.6],
        alignmentWeights: [1.0, 0.5, 0.5, 0.5],
        beamSize: 40)
}
