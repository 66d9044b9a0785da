import Foundation
import Testing
@testable import GPT2
import SeededRandom

@Suite struct VectorMathTests {
    @Test func vectorExpMatchesFoundationToFloatPrecision() {
        var worst: Float = 0
        for start in stride(from: Float(-87), to: 88, by: 0.37) {
            let x = SIMD16<Float>((0..<16).map { start + Float($0) * 0.023 })
            let e = VectorMath.exp(x)
            for lane in 0..<16 {
                let exact = Foundation.exp(Double(x[lane]))
                worst = max(worst, Float(abs(Double(e[lane]) - exact) / exact))
            }
        }
        #expect(worst < 3e-7)
        #expect(VectorMath.exp(SIMD16(repeating: -200))[0] == 0)
        #expect(VectorMath.exp(SIMD16(repeating: -.infinity))[0] == 0)
    }

    @Test func vectorTanhSaturatesAndIsAccurate() {
        let x = SIMD16<Float>((0..<16).map { Float($0) - 8 })
        let t = VectorMath.tanh(x)
        for lane in 0..<16 { #expect(abs(t[lane] - Foundation.tanh(x[lane])) < 2e-7) }
        #expect(VectorMath.tanh(SIMD16(repeating: 60))[0] == 1)
        #expect(VectorMath.tanh(SIMD16(repeating: -60))[0] == -1)
    }

    @Test func geluIsTheTanhApproximation() {
        let input: [Float] = (0..<21).map { Float($0) * 0.5 - 5 }
        var output = [Float](repeating: 0, count: input.count)
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in GELU.forward(out: y.baseAddress!, input: x.baseAddress!, count: 21) }
        }
        for (x, y) in zip(input, output) {
            let expected = 0.5 * Double(x) * (1 + Foundation.tanh(0.7978845608028654 * (Double(x) + 0.044715 * pow(Double(x), 3))))
            #expect(abs(Double(y) - expected) < 1e-6)
        }
    }

    @Test func dropoutKeepsAboutOneMinusPAndRescales() {
        var mask = [Float](repeating: -1, count: 10_001)
        var generator = SeededGenerator(seed: 9)
        mask.withUnsafeMutableBufferPointer { Dropout.fillMask($0.baseAddress!, count: 10_001, probability: 0.2, generator: &generator) }
        let kept = mask.filter { $0 != 0 }
        #expect(kept.allSatisfy { $0 == 1.25 })
        #expect(abs(Double(kept.count) / 10_001 - 0.8) < 0.02)
    }

    /// Entry 2k is draw k's low 32 bits against p * 2^32, entry 2k + 1 its high bits, whatever the lane grouping.
    @Test func dropoutMaskFollowsTheDrawOrder() {
        for count in [0, 1, 15, 16, 17, 33, 10_001] {
            var mask = [Float](repeating: -1, count: count)
            var generator = SeededGenerator(seed: 21)
            mask.withUnsafeMutableBufferPointer { buffer in
                if let base = buffer.baseAddress { Dropout.fillMask(base, count: count, probability: 0.3, generator: &generator) }
            }
            var reference = SeededGenerator(seed: 21)
            let threshold = UInt32(Double(Float(0.3)) * 4_294_967_296.0)
            var expected: [Float] = []
            while expected.count < count {
                let bits = reference.next()
                for half in [UInt32(truncatingIfNeeded: bits), UInt32(truncatingIfNeeded: bits >> 32)] where expected.count < count {
                    expected.append(half < threshold ? 0 : 1 / (1 - Float(0.3)))
                }
            }
            #expect(mask == expected)
            #expect(generator.next() == reference.next())
        }
    }
}
