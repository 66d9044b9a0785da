import Foundation

/// METEOR's sufficient statistics for one segment or a whole corpus: lengths, function-word counts,
/// matches per module split into content and function words, and chunks. Corpus scores come from
/// their sum, as the jar's `EVAL` computes them.
public struct METEORStatistics: Codable, Sendable, Equatable {
    public var hypothesisLength: Double = 0
    public var referenceLength: Double = 0
    public var hypothesisFunctionWords: Double = 0
    public var referenceFunctionWords: Double = 0
    /// Indexed by `METEORModule.rawValue`.
    public var hypothesisContentMatches: [Double] = [0, 0, 0, 0]
    public var referenceContentMatches: [Double] = [0, 0, 0, 0]
    public var hypothesisFunctionMatches: [Double] = [0, 0, 0, 0]
    public var referenceFunctionMatches: [Double] = [0, 0, 0, 0]
    public var chunks: Double = 0

    public init() {}

    init(_ counts: METEORAlignmentCounts) {
        hypothesisLength = Double(counts.hypothesisLength)
        referenceLength = Double(counts.referenceLength)
        hypothesisFunctionWords = Double(counts.hypothesisFunctionWords)
        referenceFunctionWords = Double(counts.referenceFunctionWords)
        hypothesisContentMatches = counts.hypothesisContentMatches.map(Double.init)
        referenceContentMatches = counts.referenceContentMatches.map(Double.init)
        hypothesisFunctionMatches = counts.hypothesisFunctionMatches.map(Double.init)
        referenceFunctionMatches = counts.referenceFunctionMatches.map(Double.init)
        chunks = Double(counts.chunks)
    }

    /// Matched hypothesis words over all modules.
    public var hypothesisMatches: Double {
        var total = 0.0
        for i in hypothesisContentMatches.indices {
            total += hypothesisContentMatches[i]
            total += hypothesisFunctionMatches[i]
        }
        return total
    }

    /// Matched reference words over all modules.
    public var referenceMatches: Double {
        var total = 0.0
        for i in referenceContentMatches.indices {
            total += referenceContentMatches[i]
            total += referenceFunctionMatches[i]
        }
        return total
    }

    /// A segment matched word for word in one chunk; its chunk is left out of corpus sums.
    var isPerfect: Bool {
        hypothesisMatches == hypothesisLength && referenceMatches == referenceLength && chunks == 1
    }

    /// Adds `other` as the jar aggregates segments (a perfect segment adds no chunk).
    public mutating func add(_ other: METEORStatistics) {
        hypothesisLength += other.hypothesisLength
        referenceLength += other.referenceLength
        hypothesisFunctionWords += other.hypothesisFunctionWords
        referenceFunctionWords += other.referenceFunctionWords
        for i in hypothesisContentMatches.indices {
            hypothesisContentMatches[i] += other.hypothesisContentMatches[i]
            referenceContentMatches[i] += other.referenceContentMatches[i]
            hypothesisFunctionMatches[i] += other.hypothesisFunctionMatches[i]
            referenceFunctionMatches[i] += other.referenceFunctionMatches[i]
        }
        if !other.isPerfect { chunks += other.chunks }
    }

    /// The METEOR score: a recall-weighted harmonic mean of weighted precision and recall, reduced
    /// by the fragmentation penalty; 0 where the arithmetic is undefined.
    public func score(_ parameters: METEORParameters) -> Double {
        let delta = parameters.delta
        let hypothesisWeightedLength = delta * (hypothesisLength - hypothesisFunctionWords) + (1.0 - delta) * hypothesisFunctionWords
        let referenceWeightedLength = delta * (referenceLength - referenceFunctionWords) + (1.0 - delta) * referenceFunctionWords
        var hypothesisWeighted = 0.0
        var referenceWeighted = 0.0
        let weights = parameters.moduleWeights
        for i in weights.indices { hypothesisWeighted += hypothesisContentMatches[i] * weights[i] * delta }
        for i in weights.indices { referenceWeighted += referenceContentMatches[i] * weights[i] * delta }
        for i in weights.indices { hypothesisWeighted += hypothesisFunctionMatches[i] * weights[i] * (1.0 - delta) }
        for i in weights.indices { referenceWeighted += referenceFunctionMatches[i] * weights[i] * (1.0 - delta) }
        let precision = hypothesisWeighted / hypothesisWeightedLength
        let recall = referenceWeighted / referenceWeightedLength
        let alpha = parameters.alpha
        let fMean = 1.0 / (((1.0 - alpha) / precision) + (alpha / recall))
        let fragmentation: Double
        if isPerfect {
            fragmentation = 0
        } else {
            fragmentation = chunks / ((hypothesisMatches + referenceMatches) / 2)
        }
        let penalty = parameters.gamma * pow(fragmentation, parameters.beta)
        let score = fMean * (1.0 - penalty)
        return score.isNaN ? 0 : max(score, 0.0)
    }
}
