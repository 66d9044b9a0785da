import GPT2

/// The sgemm rate a benchmark compares itself with, measured at its start on one GPT-2-shaped product
/// ([m, k] x [k, n], 20 repetitions after a warm-up), in wall GFLOP/s and GFLOP per CPU-second.
struct SgemmRate {
    var m: Int, n: Int, k: Int
    var gflops: Double
    var gflopsPerCPUSecond: Double

    init(m: Int, n: Int, k: Int, repetitions: Int = 20) {
        self.m = m
        self.n = n
        self.k = k
        let cpuStart = CPUTime.seconds()
        gflops = MatrixProductRate.measure(m: m, n: n, k: k, repetitions: repetitions)
        // The measurement runs one untimed warm-up product besides the timed ones.
        let flops = 2 * Double(m) * Double(n) * Double(k) * Double(repetitions + 1)
        gflopsPerCPUSecond = flops / max(CPUTime.seconds() - cpuStart, 1e-9) / 1e9
    }

    var rowName: String { "sgemm \(m)x\(k)x\(n)" }

    var values: [String: Double] {
        ["gflops": gflops, "gflops_per_cpu_second": gflopsPerCPUSecond, "m": Double(m), "n": Double(n), "k": Double(k)]
    }
}
