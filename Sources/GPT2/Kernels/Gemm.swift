import CBLAS

/// Row-major single-precision matrix product through OpenBLAS: C = alpha * op(A) * op(B) + beta * C.
@inline(__always)
func gemm(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
          alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
          beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// The number of threads OpenBLAS uses for matrix products.
public enum BLASThreads {
    public static var count: Int { Int(openblas_get_num_threads()) }
    public static func set(_ count: Int) { openblas_set_num_threads(Int32(max(1, count))) }

    /// Runs `body` with OpenBLAS single-threaded, for code that splits its products between the cores itself.
    static func withOne<T>(_ body: () throws -> T) rethrows -> T {
        let threads = count
        if threads == 1 { return try body() }
        set(1)
        defer { set(threads) }
        return try body()
    }
}
