/// When `check --exact` can demand bit-identical numbers: only when the committed and the fresh run used
/// the same BLAS kernels, BLAS version and SIMD level, since each kernel set rounds its own way.
public enum ExactComparison {
    /// The metadata keys that must agree.
    public static let keys = ["blas core", "blas version", "simd"]

    /// Why exact comparison cannot apply, in one line, or nil when it can. A committed file that does
    /// not record a key (written before it was recorded) is taken to agree on it.
    public static func fallbackReason(fresh: ResultsFile, committed: ResultsFile) -> String? {
        let differing = keys.filter { key in
            guard let old = committed.metadata[key], let new = fresh.metadata[key] else { return false }
            return old != new
        }
        guard !differing.isEmpty else { return nil }
        let changes = differing.map { "\($0) \(committed.metadata[$0]!) → \(fresh.metadata[$0]!)" }.joined(separator: ", ")
        return "check: --exact needs the committed run's BLAS kernels, but \(changes); "
            + "comparing with the default tolerances instead"
    }
}
