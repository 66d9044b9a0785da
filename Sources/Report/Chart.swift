/// A line chart drawn as SVG: named series of (x, y) points, optionally log-y and EMA-smoothed.
public struct Chart: Hashable, Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [ChartSeries]
    public var logY: Bool
    /// EMA factor in [0, 1): each shown value is `factor * previous + (1 - factor) * raw`; raw values are drawn faint.
    public var smoothing: Double?
    public var width: Int
    public var height: Int

    public init(title: String, xLabel: String, yLabel: String, series: [ChartSeries], logY: Bool = false,
                smoothing: Double? = nil, width: Int = 640, height: Int = 380) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.logY = logY
        self.smoothing = smoothing
        self.width = width
        self.height = height
    }
}

/// One named line of a chart.
public struct ChartSeries: Hashable, Sendable {
    public var name: String
    public var points: [ChartPoint]

    public init(name: String, points: [ChartPoint]) {
        self.name = name
        self.points = points
    }

    /// A series from parallel arrays; extra values in the longer one are ignored.
    public init(name: String, x: [Double], y: [Double]) {
        self.init(name: name, points: zip(x, y).map { ChartPoint(x: $0, y: $1) })
    }
}

public struct ChartPoint: Hashable, Sendable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// Exponential moving average, the smoothing TensorBoard-style loss plots use.
public enum ExponentialMovingAverage {
    /// Smooths `values` with `factor` in [0, 1); non-finite values stay as they are and leave the average untouched.
    public static func smooth(_ values: [Double], factor: Double) -> [Double] {
        let weight = min(max(factor, 0), 0.999_999)
        var average: Double?
        return values.map { value in
            guard value.isFinite else { return value }
            let next = average.map { weight * $0 + (1 - weight) * value } ?? value
            average = next
            return next
        }
    }
}
