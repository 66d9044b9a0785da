import Foundation
import SeededRandom

/// Measures this machine's sgemm throughput on a given shape, the ceiling a training step is compared with.
public enum MatrixProductRate {
    /// GFLOP/s of `repetitions` products [m, k] x [k, n] after one warm-up product.
    public static func measure(m: Int, n: Int, k: Int, repetitions: Int = 10) -> Double {
        var generator = SeededGenerator(seed: 1)
        let a = (0..<(m * k)).map { _ in generator.nextUnitFloat() - 0.5 }
        let b = (0..<(k * n)).map { _ in generator.nextUnitFloat() - 0.5 }
        var c = [Float](repeating: 0, count: m * n)
        var seconds = 0.0
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    guard let x = pa.baseAddress, let y = pb.baseAddress, let z = pc.baseAddress else { return }
                    gemm(m: m, n: n, k: k, a: x, lda: k, b: y, ldb: n, c: z, ldc: n)
                    let start = ContinuousClock.now
                    for _ in 0..<repetitions { gemm(m: m, n: n, k: k, a: x, lda: k, b: y, ldb: n, c: z, ldc: n) }
                    let elapsed = ContinuousClock.now - start
                    seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                }
            }
        }
        return 2 * Double(m) * Double(n) * Double(k) * Double(repetitions) / max(seconds, 1e-9) / 1e9
    }
}
