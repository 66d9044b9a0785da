import Foundation

/// Axis ticks at "nice" values: steps of 1, 2 or 5 times a power of ten, as people read axes.
public struct NiceTicks: Hashable, Sendable {
    /// The axis range, widened to whole steps so the data sits inside it.
    public var lower: Double
    public var upper: Double
    public var step: Double
    public var values: [Double]

    /// Ticks for data spanning `lower...upper`, about `count` of them (never fewer than two).
    /// A zero-width range widens around its value; non-finite bounds give the unit range.
    public init(lower: Double, upper: Double, count: Int = 5) {
        var low = lower.isFinite ? lower : 0
        var high = upper.isFinite ? upper : 1
        if low > high { swap(&low, &high) }
        if low == high {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        let step = Self.niceStep(for: (high - low) / Double(max(1, count - 1)))
        let first = (low / step).rounded(.down)
        let last = (high / step).rounded(.up)
        self.step = step
        self.lower = first * step
        self.upper = last * step
        values = stride(from: first, through: last, by: 1).map { Self.clean($0 * step, step: step) }
    }

    /// The smallest of 1, 2, 5, 10 times a power of ten that is at least `raw`.
    public static func niceStep(for raw: Double) -> Double {
        guard raw.isFinite, raw > 0 else { return 1 }
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let residual = raw / magnitude
        let factor: Double = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10
        return factor * magnitude
    }

    /// Decade ticks for a log axis over positive `lower...upper`; with under three decades, 2 and 5 too.
    public static func logarithmic(lower: Double, upper: Double) -> NiceTicks {
        let low = lower.isFinite && lower > 0 ? lower : 1
        let high = upper.isFinite && upper > 0 ? max(upper, low) : low * 10
        let firstDecade = Int(log10(low).rounded(.down))
        var lastDecade = Int(log10(high).rounded(.up))
        if lastDecade == firstDecade { lastDecade += 1 }
        var values: [Double] = []
        let multiples: [Double] = lastDecade - firstDecade < 3 ? [1, 2, 5] : [1]
        for decade in firstDecade...lastDecade {
            for multiple in multiples {
                let value = multiple * pow(10, Double(decade))
                if decade == lastDecade && multiple > 1 { continue }
                values.append(value)
            }
        }
        return NiceTicks(lower: pow(10, Double(firstDecade)), upper: pow(10, Double(lastDecade)), step: 0, values: values)
    }

    private init(lower: Double, upper: Double, step: Double, values: [Double]) {
        self.lower = lower
        self.upper = upper
        self.step = step
        self.values = values
    }

    /// Text for a tick: as many decimals as the step needs; exponent form for very large or small values.
    public func label(for value: Double) -> String {
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e6 || magnitude < 1e-4 { return Self.exponentLabel(value) }
        if step == 0 {
            let decimals = max(0, -Int(log10(magnitude).rounded(.down)))
            return String(format: "%.\(decimals)f", value)
        }
        let decimals = max(0, -Int((log10(step) + 1e-9).rounded(.down)))
        return String(format: "%.\(decimals)f", value)
    }

    private static func exponentLabel(_ value: Double) -> String {
        let exponent = Int(log10(abs(value)).rounded(.down))
        let mantissa = value / pow(10, Double(exponent))
        let roundedMantissa = (mantissa * 100).rounded() / 100
        let mantissaText = roundedMantissa == roundedMantissa.rounded() ? String(Int(roundedMantissa)) : String(roundedMantissa)
        return mantissaText == "1" ? "1e\(exponent)" : "\(mantissaText)e\(exponent)"
    }

    /// Removes the binary noise of `k * step` (0.30000000000000004 -> 0.3).
    private static func clean(_ value: Double, step: Double) -> Double {
        let decimals = max(0, -Int((log10(step) + 1e-9).rounded(.down))) + 1
        let scale = pow(10, Double(min(decimals, 15)))
        let cleaned = (value * scale).rounded() / scale
        return cleaned == 0 ? 0 : cleaned
    }
}
