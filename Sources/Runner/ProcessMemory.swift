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

    /// Resets the peak resident memory to what is resident now (Linux: "5" written to /proc/self/clear_refs),
    /// so that `peakResidentMiB()` afterwards measures what came later. False where it cannot be reset.
    @discardableResult
    public static func resetPeak() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        return (try? handle.write(contentsOf: Data("5".utf8))) != nil
    }
}
