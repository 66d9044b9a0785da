import Foundation

/// Memory figures of this process, for reports and benchmarks.
public enum ProcessMemory {
    /// Peak resident memory so far (Linux VmHWM), in MiB; NaN where /proc is not available.
    public static func peakResidentMiB() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kib = Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return .nan }
        return kib / 1024
    }
}
