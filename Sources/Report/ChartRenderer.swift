import Foundation

/// Draws a `Chart` as a self-contained SVG element: nice-ticked axes with grid lines, a legend, one path per
/// series (plus a faint raw path when smoothed), and `<title>` hover values on points.
struct ChartRenderer {
    let chart: Chart
    /// When the page writes the title and the smoothing note in a caption, the drawing leaves them out.
    var captioned = false
    /// "chart-wide" or "chart-narrow": which layout this drawing is, for the page's CSS.
    var layout: String? = nil

    /// Text is 13 units: drawn at least 11 px wherever the page shows the chart at 85% of its width or more
    /// (the page switches to a narrow drawing below 600 px, see `CellRenderer.figure`).
    static let fontSize = 13.0
    private static let characterWidth = 7.6
    private static let maxHoverPoints = 60
    private static let maxVisibleMarkers = 40

    /// A series with the points that can be drawn (finite, and positive on a log axis).
    private struct Prepared {
        var name: String
        var raw: [ChartPoint]
        var shown: [ChartPoint]
    }

    func svg() -> String {
        let width = Double(max(chart.width, 240))
        let height = Double(max(chart.height, 180))
        let prepared = prepare()
        let allRaw = prepared.flatMap(\.raw)

        // The x axis spans the data exactly (steps and epochs start where they start); y gets whole nice steps.
        let xMin = allRaw.map(\.x).min() ?? 0
        let xMax = allRaw.map(\.x).max() ?? 1
        let xTicks = NiceTicks(lower: xMin, upper: xMax, count: max(2, Int(width / 80)))
        let xDomain = xMin < xMax ? (lower: xMin, upper: xMax) : (lower: xTicks.lower, upper: xTicks.upper)
        let tolerance = xTicks.step * 1e-9
        let xTickValues = xTicks.values.filter { $0 >= xDomain.lower - tolerance && $0 <= xDomain.upper + tolerance }
        let yData = (allRaw + prepared.flatMap(\.shown)).map(\.y)
        let yTicks = chart.logY
            ? NiceTicks.logarithmic(lower: yData.min() ?? 1, upper: yData.max() ?? 10)
            : NiceTicks(lower: yData.min() ?? 0, upper: yData.max() ?? 1, count: max(2, Int(height / 70)))

        let legend = legendLayout(width: width)
        let titleHeight = captioned ? 0.0 : 26.0
        let top = titleHeight + 8 + Double(legend.rows) * 19 + 8
        let yLabelWidth = Double(yTicks.values.map { yTicks.label(for: $0).count }.max() ?? 1) * Self.characterWidth
        let left = 30 + yLabelWidth + 8
        let right = 18.0
        let bottom = 50.0
        let plot = (x0: left, x1: width - right, y0: top, y1: height - bottom)

        func px(_ x: Double) -> Double {
            plot.x0 + (x - xDomain.lower) / (xDomain.upper - xDomain.lower) * (plot.x1 - plot.x0)
        }
        func py(_ y: Double) -> Double {
            let (value, low, high) = chart.logY
                ? (log10(y), log10(yTicks.lower), log10(yTicks.upper))
                : (y, yTicks.lower, yTicks.upper)
            return plot.y1 - (value - low) / (high - low) * (plot.y1 - plot.y0)
        }

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"\(layout.map { "chart \($0)" } ?? "chart")\" viewBox=\"0 0 \(f(width)) \(f(height))\" "
            + "width=\"\(f(width))\" height=\"\(f(height))\" role=\"img\" aria-label=\"\(escape(chart.title))\" "
            + "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\" font-size=\"\(f(Self.fontSize))\" fill=\"currentColor\">"
        svg += "<title>\(escape(chart.title))</title>"
        if !captioned {
            svg += "<text class=\"chart-title\" x=\"\(f(plot.x0))\" y=\"20\" font-size=\"15\" font-weight=\"600\">\(escape(chart.title))</text>"
        }
        svg += legend.markup(originX: plot.x0, originY: titleHeight + 20)

        svg += "<g class=\"grid\" stroke=\"currentColor\" stroke-opacity=\"0.12\" stroke-width=\"1\">"
        for value in yTicks.values {
            svg += "<line x1=\"\(f(plot.x0))\" x2=\"\(f(plot.x1))\" y1=\"\(f(py(value)))\" y2=\"\(f(py(value)))\"/>"
        }
        for value in xTickValues {
            svg += "<line x1=\"\(f(px(value)))\" x2=\"\(f(px(value)))\" y1=\"\(f(plot.y0))\" y2=\"\(f(plot.y1))\"/>"
        }
        svg += "</g>"
        svg += "<g class=\"axes\" stroke=\"currentColor\" stroke-opacity=\"0.55\" stroke-width=\"1\">"
            + "<line x1=\"\(f(plot.x0))\" x2=\"\(f(plot.x1))\" y1=\"\(f(plot.y1))\" y2=\"\(f(plot.y1))\"/>"
            + "<line x1=\"\(f(plot.x0))\" x2=\"\(f(plot.x0))\" y1=\"\(f(plot.y0))\" y2=\"\(f(plot.y1))\"/></g>"

        svg += "<g class=\"x-ticks\" text-anchor=\"middle\" fill-opacity=\"0.75\">"
        for value in xTickValues {
            svg += "<text class=\"tick-label\" x=\"\(f(px(value)))\" y=\"\(f(plot.y1 + 17))\">\(escape(xTicks.label(for: value)))</text>"
        }
        svg += "</g><g class=\"y-ticks\" text-anchor=\"end\" fill-opacity=\"0.75\">"
        for value in yTicks.values {
            svg += "<text class=\"tick-label\" x=\"\(f(plot.x0 - 6))\" y=\"\(f(py(value) + 4))\">\(escape(yTicks.label(for: value)))</text>"
        }
        svg += "</g>"
        svg += "<text class=\"axis-label\" x=\"\(f((plot.x0 + plot.x1) / 2))\" y=\"\(f(height - 10))\" text-anchor=\"middle\">\(escape(chart.xLabel))</text>"
        let yLabelY = (plot.y0 + plot.y1) / 2
        svg += "<text class=\"axis-label\" x=\"14\" y=\"\(f(yLabelY))\" text-anchor=\"middle\" "
            + "transform=\"rotate(-90 14 \(f(yLabelY)))\">\(escape(chart.yLabel + (chart.logY ? " (log scale)" : "")))</text>"

        if allRaw.isEmpty {
            svg += "<text class=\"no-data\" x=\"\(f((plot.x0 + plot.x1) / 2))\" y=\"\(f((plot.y0 + plot.y1) / 2))\" "
                + "text-anchor=\"middle\" fill-opacity=\"0.6\">no data to plot</text>"
        }
        if chart.smoothing != nil {
            for (index, series) in prepared.enumerated() where !series.raw.isEmpty {
                svg += "<path class=\"series-raw\" d=\"\(pathData(series.raw, px, py))\" fill=\"none\" stroke=\"\(ChartStyle.color(index))\" "
                    + "stroke-opacity=\"0.25\" stroke-width=\"1\"/>"
            }
        }
        for (index, series) in prepared.enumerated() where !series.shown.isEmpty {
            let dash = ChartStyle.dash(index)
            svg += "<path class=\"series\" data-series=\"\(escape(series.name))\" d=\"\(pathData(series.shown, px, py))\" fill=\"none\" "
                + "stroke=\"\(ChartStyle.color(index))\" stroke-width=\"2\" stroke-linejoin=\"round\" stroke-linecap=\"round\""
                + (dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"") + "/>"
        }
        for (index, series) in prepared.enumerated() where !series.shown.isEmpty {
            svg += hoverPoints(series, color: ChartStyle.color(index), px, py)
        }
        return svg + "</svg>"
    }

    private func prepare() -> [Prepared] {
        chart.series.map { series in
            let raw = series.points.filter { $0.x.isFinite && $0.y.isFinite && (!chart.logY || $0.y > 0) }
            guard let factor = chart.smoothing else { return Prepared(name: series.name, raw: raw, shown: raw) }
            let smoothed = ExponentialMovingAverage.smooth(raw.map(\.y), factor: factor)
            return Prepared(name: series.name, raw: raw,
                            shown: zip(raw, smoothed).map { ChartPoint(x: $0.x, y: $1) })
        }
    }

    private func pathData(_ points: [ChartPoint], _ px: (Double) -> Double, _ py: (Double) -> Double) -> String {
        var data = ""
        for (index, point) in LineDecimation.reduce(points, buckets: chart.width).enumerated() {
            data += (index == 0 ? "M" : " L") + "\(f(px(point.x))) \(f(py(point.y)))"
        }
        return data
    }

    /// Circles carrying `<title>` values: visible markers for short series, invisible hover targets for long ones.
    private func hoverPoints(_ series: Prepared, color: String, _ px: (Double) -> Double, _ py: (Double) -> Double) -> String {
        let count = series.shown.count
        let stride = max(1, Int((Double(count) / Double(Self.maxHoverPoints)).rounded(.up)))
        var indices = Array(Swift.stride(from: 0, to: count, by: stride))
        if indices.last != count - 1 { indices.append(count - 1) }
        let visible = count <= Self.maxVisibleMarkers
        var markup = "<g class=\"\(visible ? "markers" : "hover-targets")\" fill=\"\(color)\"\(visible ? "" : " fill-opacity=\"0\"")>"
        for index in indices {
            let point = series.shown[index]
            var label = "\(series.name): \(xLabelText) \(number(point.x)), \(number(point.y))"
            if chart.smoothing != nil { label += " (raw \(number(series.raw[index].y)))" }
            markup += "<circle cx=\"\(f(px(point.x)))\" cy=\"\(f(py(point.y)))\" r=\"\(visible ? "3" : "4")\">"
                + "<title>\(escape(label))</title></circle>"
        }
        return markup + "</g>"
    }

    private var xLabelText: String { chart.xLabel.isEmpty ? "x =" : "\(chart.xLabel)" }

    /// Legend items in rows that fit the width; the smoothing note comes last.
    private func legendLayout(width: Double) -> Legend {
        var items: [(text: String, index: Int?)] = chart.series.enumerated().map { ($1.name, $0) }
        if let factor = chart.smoothing, !captioned {
            items.append(("EMA-smoothed (factor \(number(factor))); raw values faint", nil))
        }
        return Legend(items: items, maxWidth: width - 40)
    }

    private struct Legend {
        var placed: [(text: String, index: Int?, x: Double, row: Int)] = []
        var rows = 0

        init(items: [(text: String, index: Int?)], maxWidth: Double) {
            var x = 0.0
            var row = 0
            for item in items {
                let itemWidth = (item.index == nil ? 0 : 30) + Double(item.text.count) * ChartRenderer.characterWidth + 18
                if x > 0, x + itemWidth > maxWidth {
                    row += 1
                    x = 0
                }
                placed.append((item.text, item.index, x, row))
                x += itemWidth
            }
            rows = items.isEmpty ? 0 : row + 1
        }

        func markup(originX: Double, originY: Double) -> String {
            var svg = "<g class=\"legend\">"
            for item in placed {
                let x = originX + item.x
                let y = originY + Double(item.row) * 19
                if let index = item.index {
                    let dash = ChartStyle.dash(index)
                    svg += "<line x1=\"\(f(x))\" x2=\"\(f(x + 24))\" y1=\"\(f(y - 4))\" y2=\"\(f(y - 4))\" stroke=\"\(ChartStyle.color(index))\" "
                        + "stroke-width=\"2.5\"" + (dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"") + "/>"
                    svg += "<text class=\"legend-label\" x=\"\(f(x + 30))\" y=\"\(f(y))\">\(HTMLEscaping.escape(item.text))</text>"
                } else {
                    svg += "<text class=\"legend-note\" x=\"\(f(x))\" y=\"\(f(y))\" fill-opacity=\"0.65\" font-style=\"italic\">"
                        + "\(HTMLEscaping.escape(item.text))</text>"
                }
            }
            return svg + "</g>"
        }
    }

    private func escape(_ text: String) -> String { HTMLEscaping.escape(text) }

    private func number(_ value: Double) -> String { String(format: "%.4g", value) }

    /// What the caption says after the title: the smoothing, when the curves are smoothed.
    var captionNote: String? {
        chart.smoothing.map { "Curves are exponential moving averages (factor \(number($0))); the raw values are drawn faint." }
    }
}

/// A coordinate with one decimal, enough for screen pixels and stable across runs.
private func f(_ value: Double) -> String {
    String(format: "%.1f", value)
}
