/// Where training steps spent their wall time, by phase, each split into matrix products, attention (its per-head
/// products and softmax together) and the rest (LayerNorm, GELU, residuals, dropout, loss, copies), with the number
/// of products each phase ran and the process's CPU time in it. The phases follow one another without gaps from a step's start to its end, so with
/// `stepSeconds` (the steps' own clock) they account for the whole step.
public struct StepProfile: Sendable, Equatable {
    public enum Phase: String, CaseIterable, Sendable {
        case forward, head = "LM head + loss", backward, gradients = "zero, reduce, clip", optimizer = "AdamW"

        /// The phase's name in records (`forward`, `head`, `backward`, `gradients`, `optimizer`).
        public var key: String { "\(self)" }
    }

    public struct Split: Sendable, Equatable {
        public var total = 0.0, products = 0.0, attention = 0.0
        /// The process's CPU seconds in the phase (all threads).
        public var cpu = 0.0
        /// Products run (through the engine's partitioned sgemm), and of them base weights' gradients.
        public var productCalls = 0, weightGradientProducts = 0
        public var rest: Double { total - products - attention }
    }

    public private(set) var phases: [Phase: Split] = [:]
    public private(set) var steps = 0
    /// The profiled steps' wall time as `Trainer.step` reports it.
    public private(set) var stepSeconds = 0.0
    /// The clocks at the end of the last phase; nil outside a profiled step.
    private var lap: Mark?

    public init() {}

    public subscript(phase: Phase) -> Split { phases[phase] ?? Split() }

    /// The phases' total seconds.
    public var phaseSeconds: Double { phases.values.reduce(0) { $0 + $1.total } }

    struct Mark: Sendable, Equatable {
        var time: UInt64, cpu: UInt64, products: UInt64, attention: UInt64, productCalls: Int, weightGradientProducts: Int

        /// The clocks now; nil while profiling is off on this thread.
        static var now: Mark? {
            WorkTimer.counters.map {
                Mark(time: WorkTimer.now, cpu: WorkTimer.processCPU, products: $0.products, attention: $0.attention,
                     productCalls: $0.productCalls, weightGradientProducts: $0.weightGradientProducts)
            }
        }
    }

    /// Starts a step's first phase (nothing while profiling is off).
    mutating func beginStep() { lap = .now }

    /// Ends the current phase as `phase`: the time and counts since the last lap are added to it, the next phase
    /// starts now.
    mutating func lap(_ phase: Phase) {
        guard let start = lap, let end = Mark.now else { return }
        var split = phases[phase] ?? Split()
        split.total += Double(end.time &- start.time) * 1e-9
        split.cpu += Double(end.cpu &- start.cpu) * 1e-9
        split.products += Double(end.products &- start.products) * 1e-9
        split.attention += Double(end.attention &- start.attention) * 1e-9
        split.productCalls += end.productCalls - start.productCalls
        split.weightGradientProducts += end.weightGradientProducts - start.weightGradientProducts
        phases[phase] = split
        lap = end
    }

    /// Closes a profiled step that took `seconds` by the step's own clock.
    mutating func endStep(seconds: Double) {
        guard lap != nil else { return }
        steps += 1
        stepSeconds += seconds
        lap = nil
    }

    /// Turns collection on or off for the trainers stepped on the calling thread (a benchmark switch, set between
    /// runs; turning it on starts the thread's counters afresh).
    public static var isEnabled: Bool {
        get { WorkTimer.enabled }
        set { WorkTimer.enabled = newValue }
    }
}
