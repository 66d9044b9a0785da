/// Linear warmup from 0 to the peak, then linear decay to 0 at `totalSteps` (HF's
/// get_linear_schedule_with_warmup, which the LoRA repo uses); step indices start at 0.
public struct LearningRateSchedule: Sendable, Hashable, Codable {
    public var peak: Float
    public var warmupSteps: Int
    public var totalSteps: Int

    public init(peak: Float, warmupSteps: Int = 0, totalSteps: Int) {
        self.peak = peak
        self.warmupSteps = max(0, warmupSteps)
        self.totalSteps = max(1, totalSteps)
    }

    /// A constant rate (no warmup, no decay).
    public static func constant(_ rate: Float) -> LearningRateSchedule {
        LearningRateSchedule(peak: rate, warmupSteps: 0, totalSteps: Int.max)
    }

    public func learningRate(atStep step: Int) -> Float {
        if totalSteps == Int.max { return peak }
        if step < warmupSteps { return peak * Float(step) / Float(max(1, warmupSteps)) }
        let remaining = Float(max(0, totalSteps - step)) / Float(max(1, totalSteps - warmupSteps))
        return peak * remaining
    }
}
