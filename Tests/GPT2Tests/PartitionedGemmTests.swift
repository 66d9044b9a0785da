import Testing
@testable import GPT2
import SeededRandom

/// Products split between the cores must address every part's sub-blocks of A, B and C correctly.
@Suite struct PartitionedGemmTests {
    /// Row-major [rows, columns] values from a seeded generator.
    static func matrix(rows: Int, columns: Int, seed: UInt64) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        return (0..<(rows * columns)).map { _ in generator.nextUnitFloat() - 0.5 }
    }

    /// alpha op(A) op(B) + beta C in double precision, op(A) [m, k], op(B) [k, n].
    static func reference(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float, a: [Float], b: [Float],
                          beta: Float, c: [Float]) -> [Double] {
        var out = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    let x = transA ? a[p * m + i] : a[i * k + p]
                    let y = transB ? b[j * k + p] : b[p * n + j]
                    sum += Double(x) * Double(y)
                }
                out[i * n + j] = Double(alpha) * sum + Double(beta) * Double(c[i * n + j])
            }
        }
        return out
    }

    @Test func rowAndColumnSplitsMatchTheProductForEveryTransposition() throws {
        // 96 x 96 x 128: large enough that both splits use two parts.
        let m = 96, n = 96, k = 128
        for transA in [false, true] {
            for transB in [false, true] {
                for splitRows in [false, true] {
                    let a = Self.matrix(rows: m, columns: k, seed: 1), b = Self.matrix(rows: k, columns: n, seed: 2)
                    var c = Self.matrix(rows: m, columns: n, seed: 3)
                    let expected = Self.reference(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5, a: a, b: b,
                                                  beta: 1, c: c)
                    a.withUnsafeBufferPointer { pa in
                        b.withUnsafeBufferPointer { pb in
                            c.withUnsafeMutableBufferPointer { pc in
                                guard let x = pa.baseAddress, let y = pb.baseAddress, let z = pc.baseAddress else { return }
                                let lda = transA ? m : k, ldb = transB ? k : n
                                if splitRows {
                                    PartitionedGemm.splittingRows(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5,
                                                                  a: x, lda: lda, b: y, ldb: ldb, beta: 1, c: z, ldc: n)
                                } else {
                                    PartitionedGemm.splittingColumns(transA: transA, transB: transB, m: m, n: n, k: k,
                                                                     alpha: 0.5, a: x, lda: lda, b: y, ldb: ldb, beta: 1,
                                                                     c: z, ldc: n)
                                }
                            }
                        }
                    }
                    let error = zip(c, expected).map { abs(Double($0) - $1) }.max() ?? 0
                    #expect(error < 1e-4, "transA \(transA) transB \(transB) rows \(splitRows): max error \(error)")
                }
            }
        }
    }

    @Test func aSplitProductLeavesOpenBLASThreadCountAsItWas() {
        let before = BLASThreads.count
        let a = Self.matrix(rows: 96, columns: 128, seed: 4), b = Self.matrix(rows: 128, columns: 96, seed: 5)
        var c = [Float](repeating: 0, count: 96 * 96)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    guard let x = pa.baseAddress, let y = pb.baseAddress, let z = pc.baseAddress else { return }
                    PartitionedGemm.splittingRows(m: 96, n: 96, k: 128, a: x, lda: 128, b: y, ldb: 96, c: z, ldc: 96)
                }
            }
        }
        #expect(BLASThreads.count == before)
        #expect(c.contains { $0 != 0 })
    }
}
