import Foundation
import Runner

/// The process's peak resident memory, resettable so that each benchmark row reports its own peak.
enum PeakMemory {
    /// Resets the kernel's peak (VmHWM) to the current resident size (Linux: `5` to /proc/self/clear_refs);
    /// returns false where that is not possible, and the peak then spans the whole process.
    @discardableResult
    static func reset() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        return (try? handle.write(contentsOf: Data("5".utf8))) != nil
    }

    /// Peak resident memory since the last reset (or process start), in MiB; NaN where unknown.
    static func peakMiB() -> Double { ProcessMemory.peakResidentMiB() }
}
