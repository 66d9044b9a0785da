#if canImport(Glibc)
import Glibc
#endif

/// OpenBLAS's worker threads spin (sched_yield) for 2^28 clock ticks, about 0.1 s, after each threaded product before
/// they sleep. The engine runs a product on OpenBLAS's threads only from 2^29 multiply-adds up (micro's LM head,
/// GPT-2 small's layers), so at micro the spin burns the second core through most of the step that follows and slows
/// the engine's own split products (bench/RESULTS.md: micro's LoRA step -22% CPU). OpenBLAS reads
/// OPENBLAS_THREAD_TIMEOUT (2^N ticks) only when it loads, so the process runs itself again once with it set, unless
/// the caller set it. How long a thread waits never changes which thread computes what, so results are the same.
enum OpenBLASThreadTimeout {
    static let variable = "OPENBLAS_THREAD_TIMEOUT"
    /// 2^20 ticks, well under a millisecond: a worker stays awake between back-to-back threaded products.
    static let exponent = "20"

    /// Replaces the process by itself with the variable set, when it is not set yet; returns only when it is set or
    /// the process cannot run itself again (then OpenBLAS keeps its default).
    static func setByRunningAgain() {
        #if os(Linux)
        guard getenv(variable) == nil else { return }
        setenv(variable, exponent, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        #endif
    }
}
