import CBLAS
import Foundation

/// Which OpenBLAS kernels this process runs and what the CPU offers: kernels for different cores round
/// differently, so bit-identical results are only expected between runs that agree on these.
public enum BLASInfo {
    /// The kernel set OpenBLAS chose (or was told to use): `Haswell`, `SkylakeX`, `Zen`, ...
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name).trimmingCharacters(in: .whitespaces)
    }

    /// OpenBLAS's version, from its build configuration (`OpenBLAS 0.3.21 DYNAMIC_ARCH ...`).
    public static var version: String {
        guard let text = openblas_get_config().map({ String(cString: $0) }) else { return "unknown" }
        let words = text.split(separator: " ")
        if words.count > 1, words[0] == "OpenBLAS" { return String(words[1]) }
        return text
    }

    /// The widest vector extension the CPU reports: `AVX-512`, `AVX2`, `AVX` or `SSE` (Linux /proc/cpuinfo).
    public static var simdLevel: String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return "unknown" }
        let flags = Set(line.split(separator: " ").map(String.init))
        if flags.contains("avx512f") { return "AVX-512" }
        if flags.contains("avx2") { return "AVX2" }
        if flags.contains("avx") { return "AVX" }
        return "SSE"
    }

    /// Run metadata entries, under the keys `check --exact` compares.
    public static var metadata: [(key: String, value: String)] {
        [(key: "blas core", value: coreName), (key: "blas version", value: version), (key: "simd", value: simdLevel)]
    }
}
