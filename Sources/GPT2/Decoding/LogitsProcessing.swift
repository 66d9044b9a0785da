import Foundation

/// The score adjustments Hugging Face applies before choosing tokens, in its order:
/// repetition penalty, then the no-repeat-n-gram ban.
struct LogitsProcessing {
    let repetitionPenalty: Float
    let noRepeatNGramSize: Int

    func apply(to scores: UnsafeMutableBufferPointer<Float>, sequence: [Int]) {
        if repetitionPenalty != 1 {
            for token in Set(sequence) where token < scores.count {
                let score = scores[token]
                scores[token] = score < 0 ? score * repetitionPenalty : score / repetitionPenalty
            }
        }
        for token in bannedTokens(after: sequence) where token < scores.count {
            scores[token] = -.infinity
        }
    }

    /// Tokens that would complete an n-gram already present in `sequence`.
    func bannedTokens(after sequence: [Int]) -> [Int] {
        let n = noRepeatNGramSize
        guard n > 0, sequence.count >= n else { return [] }
        let prefixStart = sequence.count - (n - 1)
        var banned: [Int] = []
        // Every window whose first n-1 tokens equal the current suffix bans its last token.
        for start in 0...(sequence.count - n) {
            var matches = true
            for offset in 0..<(n - 1) where sequence[start + offset] != sequence[prefixStart + offset] {
                matches = false
                break
            }
            if matches { banned.append(sequence[start + n - 1]) }
        }
        return banned
    }
}

/// log(softmax(row)) in place: every value minus `logSumExp(row)`.
func logSoftmaxInPlace(_ row: UnsafeMutableBufferPointer<Float>) {
    guard let base = row.baseAddress, !row.isEmpty else { return }
    let count = row.count
    let logSum = logSumExp(base, count: count).logSum
    let shift = SIMD16<Float>(repeating: logSum)
    var index = 0
    while index + 16 <= count {
        VectorMath.store(VectorMath.load(base, index) - shift, base, index)
        index += 16
    }
    while index < count { base[index] -= logSum; index += 1 }
}

/// The row's maximum and max + log(sum(exp(row - max))), the value `logSoftmaxInPlace` subtracts: the exponentials
/// summed with SIMD16, in chunks of 1024 values summed in Float lanes, chunk totals in Double, so rounding stays small.
func logSumExp(_ base: UnsafePointer<Float>, count: Int) -> (logSum: Float, maximum: Float) {
    let maximum = VectorMath.max(base, count: count)
    var sum = 0.0
    var index = 0
    while index < count {
        let end = min(count, index + 1024)
        var lanes = SIMD16<Float>(repeating: 0)
        while index + 16 <= end {
            lanes += VectorMath.exp(VectorMath.load(base, index) - maximum)
            index += 16
        }
        var tail: Float = 0
        while index < end {
            tail += VectorMath.exp(SIMD16<Float>(repeating: base[index] - maximum))[0]
            index += 1
        }
        sum += Double(lanes.sum()) + Double(tail)
    }
    return (maximum + Float(Foundation.log(sum)), maximum)
}
