import Foundation

/// CPU time the process has used, all threads, user plus system.
enum CPUTime {
    /// With other jobs on the machine, CPU seconds divided by the thread count estimate an idle machine's wall time.
    static func seconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6
    }
}
