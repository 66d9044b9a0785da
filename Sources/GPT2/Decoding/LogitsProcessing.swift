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

/// log(softmax(row)) in place: the max subtracted, the exponentials summed with SIMD16.
func logSoftmaxInPlace(_ row: UnsafeMutableBufferPointer<Float>) {
    guard let base = row.baseAddress, !row.isEmpty else { return }
    var maximum = -Float.infinity
    for value in row where value > maximum { maximum = value }
    let count = row.count
    var lanes = SIMD16<Float>(repeating: 0)
    var index = 0
    let raw = UnsafeRawPointer(base)
    while index + 16 <= count {
        let x = raw.loadUnaligned(fromByteOffset: index * 4, as: SIMD16<Float>.self)
        lanes += VectorMath.exp(x - maximum)
        index += 16
    }
    var sum = Double(lanes.sum())
    while index < count {
        sum += Double(VectorMath.exp(SIMD16<Float>(repeating: row[index] - maximum))[0])
        index += 1
    }
    let logSum = maximum + Float(Foundation.log(sum))
    for i in 0..<count { base[i] -= logSum }
}
