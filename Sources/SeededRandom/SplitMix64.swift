/// A small seeded random generator (Steele, Lea and Flood's SplitMix64), so shuffles are reproducible bit for bit
/// on every platform and Swift version; the caller owns it and passes it in.
public struct SplitMix64: RandomNumberGenerator, Sendable, Equatable {
    public private(set) var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A uniform integer in `0..<bound` by Lemire's multiply-and-reject method; a bound below 2 gives 0
    /// without drawing.
    public mutating func nextInt(below bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }
}

extension Array {
    /// Fisher-Yates shuffle driven by `generator`, with a fixed draw order so a seed always gives the same order.
    public mutating func shuffle(seededBy generator: inout SplitMix64) {
        guard count > 1 else { return }
        for index in stride(from: count - 1, to: 0, by: -1) {
            let other = generator.nextInt(below: index + 1)
            if other != index { swapAt(index, other) }
        }
    }

    public func shuffled(seededBy generator: inout SplitMix64) -> [Element] {
        var copy = self
        copy.shuffle(seededBy: &generator)
        return copy
    }
}
