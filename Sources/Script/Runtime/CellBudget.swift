import Foundation

/// What one cell may use: the memory its values and the process may take, and its wall time. The
/// interpreter checks sizes before building a bigger string or array, and the clock and the process's
/// resident memory between statements and loop iterations; builtins (training, decoding) run to their end.
public struct CellBudget: Sendable, Equatable {
    /// Bytes: the largest string or array a cell may build, and the resident memory of the whole process
    /// while the cell's statements run.
    public var memoryBytes: Double
    /// Seconds of wall time per cell; nil for no limit.
    public var seconds: Double?
    /// Resident memory of the process above which a cell stops between statements; `memoryBytes` unless set.
    public var residentBytes: Double

    public init(memoryBytes: Double, seconds: Double? = nil, residentBytes: Double? = nil) {
        self.memoryBytes = memoryBytes
        self.seconds = seconds
        self.residentBytes = residentBytes ?? memoryBytes
    }

    /// Half of the machine's memory, no time limit.
    public static var `default`: CellBudget {
        CellBudget(memoryBytes: Double(ProcessInfo.processInfo.physicalMemory) * 0.5)
    }

    /// `4 GB`, `512MB`, `1.5 GiB`, `100000` (bytes); nil when not a positive size.
    public static func bytes(parsing text: String) -> Double? {
        let (number, unit) = split(text)
        let units: [String: Double] = ["": 1, "b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
                                       "k": 1024, "kib": 1024, "mib": 1_048_576, "gib": 1_073_741_824, "tib": 1_099_511_627_776]
        guard let number, let scale = units[unit.lowercased()], number.isFinite, number > 0 else { return nil }
        return number * scale
    }

    /// `90` or `90 s`, `10 min`, `2 h`; nil when not a positive duration.
    public static func seconds(parsing text: String) -> Double? {
        let (number, unit) = split(text)
        let units: [String: Double] = ["": 1, "s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "hours": 3600]
        guard let number, let scale = units[unit.lowercased()], number.isFinite, number > 0 else { return nil }
        return number * scale
    }

    private static func split(_ text: String) -> (Double?, String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.prefix { $0.isNumber || $0 == "." || $0 == "e" || $0 == "E" }
        return (Double(digits), trimmed.dropFirst(digits.count).trimmingCharacters(in: .whitespaces))
    }

    static func shown(bytes: Double) -> String {
        bytes >= 1e9 ? String(format: "%.1f GB", bytes / 1e9) : String(format: "%.0f MB", bytes / 1e6)
    }

    static func shown(seconds: Double) -> String {
        seconds >= 120 ? String(format: "%.1f min", seconds / 60) : String(format: "%.1f s", seconds)
    }
}

/// The running cell's budget: its start, and when resident memory was last read.
struct BudgetClock {
    var started = DispatchTime.now().uptimeNanoseconds
    var lastMemoryCheck: UInt64 = 0

    var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }
}

extension Interpreter {
    /// The estimated bytes of a string's or array's own storage (elements are counted shallowly).
    static func estimatedBytes(of value: Value) -> Double {
        switch value {
        case .string(let text): return Double(text.utf8.count)
        case .array(let elements): return Double(elements.count) * Double(MemoryLayout<Value>.stride)
        case .dictionary(let dictionary): return Double(dictionary.count) * Double(3 * MemoryLayout<Value>.stride)
        default: return 0
        }
    }

    /// Throws before a string or array of `bytes` is built when that exceeds the memory budget.
    func checkSize(_ bytes: Double, of kind: String, at location: SourceLocation) throws {
        // Big values also count what the process already holds: the old value lives on while the new one is built.
        let resident = bytes > 64e6 && budget.residentBytes.isFinite ? Self.residentBytes() : 0
        guard bytes > budget.memoryBytes || bytes + resident > budget.residentBytes else { return }
        if resident > 0, bytes <= budget.memoryBytes {
            throw Diagnostic("\(cellLabel) exceeded its memory budget: this \(kind) would take \(CellBudget.shown(bytes: bytes)) "
                             + "on top of the \(CellBudget.shown(bytes: resident)) the process holds, more than the "
                             + "\(CellBudget.shown(bytes: budget.memoryBytes)) allowed (front matter `budget:` → `memory:`)",
                             at: location)
        }
        throw Diagnostic("\(cellLabel) exceeded its memory budget: this \(kind) would take \(CellBudget.shown(bytes: bytes)), "
                         + "more than the \(CellBudget.shown(bytes: budget.memoryBytes)) allowed (front matter `budget:` → `memory:`)",
                         at: location)
    }

    /// Fails with the cell's name when `value` is larger than the memory budget.
    func checkSize(of value: Value, at location: SourceLocation) throws {
        let bytes = Self.estimatedBytes(of: value)
        try checkSize(bytes, of: value.typeName, at: location)
    }

    /// The size `left + right` would have, checked before it is built.
    func checkSum(_ left: Value, _ right: Value, at location: SourceLocation) throws {
        switch (left, right) {
        case (.string, .string), (.array, .array):
            try checkSize(Self.estimatedBytes(of: left) + Self.estimatedBytes(of: right), of: left.typeName, at: location)
        default:
            return
        }
    }

    /// Between statements and loop iterations: the wall clock, and (at most every 50 ms) resident memory.
    func checkBudget(at location: SourceLocation) throws {
        let now = DispatchTime.now().uptimeNanoseconds
        if let seconds = budget.seconds, budgetClock.elapsed > seconds {
            throw Diagnostic("\(cellLabel) exceeded its time budget of \(CellBudget.shown(seconds: seconds)) "
                             + "(front matter `budget:` → `time:`)", at: location)
        }
        guard now - budgetClock.lastMemoryCheck > 50_000_000 else { return }
        budgetClock.lastMemoryCheck = now
        let resident = Self.residentBytes()
        if resident > budget.residentBytes {
            throw Diagnostic("\(cellLabel) exceeded its memory budget: the process holds \(CellBudget.shown(bytes: resident)), "
                             + "more than the \(CellBudget.shown(bytes: budget.residentBytes)) allowed (front matter `budget:` → `memory:`)",
                             at: location)
        }
    }

    var cellLabel: String { cellName.map { "cell '\($0)'" } ?? "the cell" }

    /// Resident memory of this process (Linux /proc/self/statm), 0 where unavailable.
    static func residentBytes() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return 0 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE)))
    }
}
