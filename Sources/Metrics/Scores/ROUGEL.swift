/// ROUGE-L as coco-caption's `Rouge` computes it: per item, the LCS-based F-measure (beta 1.2) from the best
/// precision and best recall over its references; the corpus score is the mean over items.
public struct ROUGEL: Sendable {
    public let beta: Double

    public init(beta: Double = 1.2) { self.beta = beta }

    /// Inputs are coco-tokenised strings; tokens are split on single spaces, so an empty string is one empty token.
    public func itemScore(candidate: String, references: [String]) -> Double {
        let candidateTokens = Self.split(candidate)
        var bestPrecision = 0.0
        var bestRecall = 0.0
        for reference in references {
            let referenceTokens = Self.split(reference)
            let common = Double(Self.longestCommonSubsequence(referenceTokens, candidateTokens))
            bestPrecision = max(bestPrecision, common / Double(candidateTokens.count))
            bestRecall = max(bestRecall, common / Double(referenceTokens.count))
        }
        guard bestPrecision != 0, bestRecall != 0 else { return 0 }
        let betaSquared = beta * beta
        return ((1 + betaSquared) * bestPrecision * bestRecall) / (bestRecall + betaSquared * bestPrecision)
    }

    /// Mean of the item scores.
    public func corpusScore(candidates: [String], references: [[String]]) -> Double {
        guard !candidates.isEmpty else { return 0 }
        var sum = 0.0
        for (candidate, group) in zip(candidates, references) { sum += itemScore(candidate: candidate, references: group) }
        return sum / Double(candidates.count)
    }

    static func split(_ text: String) -> [Substring] {
        text.split(separator: " ", omittingEmptySubsequences: false)
    }

    /// Length of the longest common subsequence, one DP row at a time.
    static func longestCommonSubsequence(_ a: [Substring], _ b: [Substring]) -> Int {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        var previous = [Int](repeating: 0, count: b.count + 1)
        var current = previous
        for i in 1...a.count {
            for j in 1...b.count {
                current[j] = a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : max(previous[j], current[j - 1])
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
