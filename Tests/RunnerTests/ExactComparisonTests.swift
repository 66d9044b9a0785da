import Runner
import Testing

/// `--exact` applies between runs on the same BLAS kernels, version and SIMD level, and otherwise falls back
/// to the default tolerances with one line saying why.
@Suite struct ExactComparisonTests {
    func results(_ metadata: [String: String]) -> ResultsFile {
        ResultsFile(notebook: "nb.md", metadata: metadata)
    }

    let haswell = ["blas core": "Haswell", "blas version": "0.3.21", "simd": "AVX-512"]

    @Test func theSameKernelsKeepExactComparison() {
        #expect(ExactComparison.fallbackReason(fresh: results(haswell), committed: results(haswell)) == nil)
    }

    @Test func committedResultsThatDoNotRecordTheKernelsKeepExactComparison() {
        #expect(ExactComparison.fallbackReason(fresh: results(haswell), committed: results(["threads": "2"])) == nil)
    }

    @Test func otherKernelsFallBackNamingWhatDiffers() {
        var skylake = haswell
        skylake["blas core"] = "SkylakeX"
        let reason = ExactComparison.fallbackReason(fresh: results(skylake), committed: results(haswell))
        #expect(reason == "check: --exact needs the committed run's BLAS kernels, but blas core Haswell → SkylakeX; "
            + "comparing with the default tolerances instead")
    }
}
