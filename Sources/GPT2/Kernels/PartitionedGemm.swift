/// Matrix products shared between the cores by a fixed split of C (its rows or its columns), each part one
/// single-threaded OpenBLAS call, so OpenBLAS's own worker never spins between a step's many small products.
/// Products of at least `threadedSize` multiply-adds (GPT-2 small's layers) keep OpenBLAS's threads, which are
/// faster there. The choice depends only on the shape, so results are reproducible.
enum PartitionedGemm {
    static let threadedSize = 1 << 29

    /// C = alpha op(A) op(B) + beta C (row-major), C's `m` rows split between the cores.
    static func splittingRows(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
                              a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                              beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        let whole = { gemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                           beta: beta, c: c, ldc: ldc) }
        run(size: m * n * k, whole: whole) {
            RowPartition.forEach(count: m, minimumPerPart: minimumPerPart(other: n, k: k)) { range in
                let first = range.lowerBound
                gemm(transA: transA, transB: transB, m: range.count, n: n, k: k, alpha: alpha,
                     a: transA ? a + first : a + first * lda, lda: lda, b: b, ldb: ldb,
                     beta: beta, c: c + first * ldc, ldc: ldc)
            }
        }
    }

    /// C = alpha op(A) op(B) + beta C (row-major), C's `n` columns split between the cores.
    static func splittingColumns(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
                                 a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                                 beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        let whole = { gemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                           beta: beta, c: c, ldc: ldc) }
        run(size: m * n * k, whole: whole) {
            RowPartition.forEach(count: n, minimumPerPart: minimumPerPart(other: m, k: k)) { range in
                let first = range.lowerBound
                gemm(transA: transA, transB: transB, m: m, n: range.count, k: k, alpha: alpha, a: a, lda: lda,
                     b: transB ? b + first * ldb : b + first, ldb: ldb,
                     beta: beta, c: c + first, ldc: ldc)
            }
        }
    }

    /// Times the product (`WorkTimer`): products of `size` multiply-adds from `threadedSize` up run whole on
    /// OpenBLAS's threads, smaller ones as `split`, one single-threaded OpenBLAS call per part.
    @inline(__always)
    private static func run(size: Int, whole: () -> Void, split: () -> Void) {
        WorkTimer.measure(.products) {
            if size >= threadedSize { whole() } else { BLASThreads.withOne(split) }
        }
    }

    /// Rows (or columns) a part needs before sharing pays for waking a second thread: about 2^19 multiply-adds.
    private static func minimumPerPart(other: Int, k: Int) -> Int {
        Swift.max(1, (1 << 19) / Swift.max(1, other * k))
    }
}
