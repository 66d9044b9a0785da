import Dispatch

/// Wall nanoseconds the calling thread spends in the engine's matrix products and in attention, counted only
/// while `enabled` (`lorabook bench train --profile`), so a phase can be split by reading the counters before
/// and after it. Off, it costs one branch per product; it never changes what is computed.
enum WorkTimer {
    enum Bucket { case products, attention }

    nonisolated(unsafe) static var enabled = false
    nonisolated(unsafe) static var products: UInt64 = 0
    nonisolated(unsafe) static var attention: UInt64 = 0

    static var now: UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Runs `body`, adding its wall time to `bucket` when enabled. Called from the thread that runs the pass.
    @inline(__always)
    static func measure<T>(_ bucket: Bucket, _ body: () -> T) -> T {
        guard enabled else { return body() }
        let start = now
        let result = body()
        let elapsed = now &- start
        switch bucket {
        case .products: products &+= elapsed
        case .attention: attention &+= elapsed
        }
        return result
    }
}

/// Where training steps spent their wall time, by phase, each split into matrix products, attention
/// (its per-head products and softmax together) and the rest (LayerNorm, GELU, residuals, dropout, copies).
public struct StepProfile: Sendable, Equatable {
    public enum Phase: String, CaseIterable, Sendable {
        case forward, head = "LM head + loss", backward, optimizer
    }

    public struct Split: Sendable, Equatable {
        public var total = 0.0, products = 0.0, attention = 0.0
        public var rest: Double { total - products - attention }
    }

    public private(set) var phases: [Phase: Split] = [:]
    public private(set) var steps = 0

    public init() {}

    public subscript(phase: Phase) -> Split { phases[phase] ?? Split() }

    /// The clocks at the start of a phase; `nil` when profiling is off.
    struct Mark {
        var time: UInt64, products: UInt64, attention: UInt64
    }

    static func mark() -> Mark? {
        WorkTimer.enabled ? Mark(time: WorkTimer.now, products: WorkTimer.products, attention: WorkTimer.attention) : nil
    }

    /// Adds the time since `mark` to `phase` (nothing when the mark is nil).
    mutating func add(_ phase: Phase, since mark: Mark?) {
        guard let mark else { return }
        var split = phases[phase] ?? Split()
        split.total += Double(WorkTimer.now &- mark.time) * 1e-9
        split.products += Double(WorkTimer.products &- mark.products) * 1e-9
        split.attention += Double(WorkTimer.attention &- mark.attention) * 1e-9
        phases[phase] = split
    }

    mutating func countStep() { if WorkTimer.enabled { steps += 1 } }

    /// Turns collection on or off for every trainer in the process (a benchmark switch, set between runs).
    public static var isEnabled: Bool {
        get { WorkTimer.enabled }
        set { WorkTimer.enabled = newValue }
    }
}
