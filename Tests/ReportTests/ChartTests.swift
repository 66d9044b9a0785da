import Foundation
import Testing
@testable import Report

@Suite("SVG charts")
struct ChartTests {
    private func svg(_ chart: Chart) throws -> SVGElements {
        try #require(SVGElements.parse(ChartRenderer(chart: chart).svg()))
    }

    private static let twoSeries = Chart(
        title: "Loss <train> & \"valid\"", xLabel: "step", yLabel: "loss",
        series: [ChartSeries(name: "full", x: [0, 100, 200, 300], y: [4, 2.5, 1.9, 1.7]),
                 ChartSeries(name: "lora's", x: [0, 100, 200, 300], y: [4.2, 2.2, 1.8, 1.6])])

    @Test func chartIsWellFormedXMLWithOnePathPerSeries() throws {
        let elements = try svg(Self.twoSeries)
        #expect(elements.named("svg").count == 1)
        #expect(elements.withClass("series").count == 2)
        #expect(elements.withClass("series").map { $0.attributes["data-series"] } == ["full", "lora's"])
        #expect(elements.withClass("series-raw").isEmpty)
        #expect(elements.withClass("chart-title").first?.text == "Loss <train> & \"valid\"")
    }

    @Test func axesHaveNiceTickLabelsAndAxisLabels() throws {
        let elements = try svg(Self.twoSeries)
        let tickTexts = elements.withClass("tick-label").map(\.text)
        // x spans the data (0-300, step 50 at width 640); y widens to whole steps (1-4.2 -> 1, 2, 3, 4, 5).
        #expect(tickTexts == ["0", "50", "100", "150", "200", "250", "300", "1", "2", "3", "4", "5"])
        #expect(elements.withClass("axis-label").map(\.text) == ["step", "loss"])
        // One grid line per tick, two axis lines, one legend swatch per series.
        #expect(elements.named("line").count == tickTexts.count + 2 + 2)
    }

    @Test func seriesDifferInColourAndDashFromTheOkabeItoPalette() throws {
        let paths = try svg(Self.twoSeries).withClass("series")
        #expect(paths.map { $0.attributes["stroke"] } == ["#0072B2", "#D55E00"])
        #expect(paths[0].attributes["stroke-dasharray"] == nil)
        #expect(paths[1].attributes["stroke-dasharray"] == "7 4")
    }

    @Test func legendNamesEverySeries() throws {
        let labels = try svg(Self.twoSeries).withClass("legend-label").map(\.text)
        #expect(labels == ["full", "lora's"])
    }

    @Test func pointsCarryHoverValues() throws {
        let titles = try svg(Self.twoSeries).named("title").map(\.text)
        #expect(titles.contains("full: step 100, 2.5"))
        #expect(titles.contains("lora's: step 300, 1.6"))
    }

    @Test func nonFiniteValuesAreSkippedNotDrawn() throws {
        let chart = Chart(title: "t", xLabel: "x", yLabel: "y",
                          series: [ChartSeries(name: "a", x: [0, 1, 2, 3], y: [1, .nan, .infinity, 2])])
        let markup = ChartRenderer(chart: chart).svg()
        let elements = try #require(SVGElements.parse(markup))
        let path = try #require(elements.withClass("series").first?.attributes["d"])
        #expect(path.components(separatedBy: "L").count == 2)
        #expect(!markup.lowercased().contains("nan"))
        #expect(!markup.contains("inf"))
    }

    @Test func emptyAndAllNaNSeriesGiveAnEmptyPlotThatStillParses() throws {
        let chart = Chart(title: "nothing", xLabel: "x", yLabel: "y",
                          series: [ChartSeries(name: "empty", points: []), ChartSeries(name: "nan", x: [1], y: [.nan])])
        let elements = try svg(chart)
        #expect(elements.withClass("series").isEmpty)
        #expect(elements.withClass("no-data").first?.text == "no data to plot")
        #expect(elements.withClass("legend-label").count == 2)
        let none = try svg(Chart(title: "none", xLabel: "", yLabel: "", series: []))
        #expect(none.withClass("no-data").count == 1)
    }

    @Test func logScaleDropsNonPositiveValuesAndTicksByDecade() throws {
        let chart = Chart(title: "log", xLabel: "step", yLabel: "loss",
                          series: [ChartSeries(name: "a", x: [0, 1, 2, 3], y: [0, -1, 0.5, 80])], logY: true)
        let elements = try svg(chart)
        let path = try #require(elements.withClass("series").first?.attributes["d"])
        #expect(path.components(separatedBy: "L").count == 2)
        let yTicks = elements.withClass("tick-label").map(\.text).suffix(4)
        #expect(Array(yTicks) == ["0.1", "1", "10", "100"])
        #expect(elements.withClass("axis-label").last?.text == "loss (log scale)")
    }

    @Test func smoothingDrawsFaintRawPathsAndStatesTheFactor() throws {
        var chart = Self.twoSeries
        chart.smoothing = 0.6
        let elements = try svg(chart)
        #expect(elements.withClass("series").count == 2)
        #expect(elements.withClass("series-raw").count == 2)
        #expect(elements.withClass("legend-note").first?.text == "EMA-smoothed (factor 0.6); raw values faint")
        #expect(elements.named("title").map(\.text).contains("full: step 100, 3.4 (raw 2.5)"))
    }

    @Test func exponentialMovingAverageWeighsThePastByTheFactor() {
        #expect(ExponentialMovingAverage.smooth([1, 2, 3], factor: 0.5) == [1, 1.5, 2.25])
        let withGap = ExponentialMovingAverage.smooth([2, .nan, 4], factor: 0.5)
        #expect(withGap[0] == 2 && withGap[1].isNaN && withGap[2] == 3)
        #expect(ExponentialMovingAverage.smooth([1, 5], factor: 0) == [1, 5])
    }

    @Test func longSeriesGetInvisibleHoverTargetsNotThousandsOfMarkers() throws {
        let x = (0..<1000).map(Double.init)
        let chart = Chart(title: "long", xLabel: "step", yLabel: "loss",
                          series: [ChartSeries(name: "a", x: x, y: x.map { 5 / ($0 + 1) })])
        let elements = try svg(chart)
        #expect(elements.withClass("markers").isEmpty)
        let targets = try #require(elements.withClass("hover-targets").first)
        #expect(targets.attributes["fill-opacity"] == "0")
        let circles = elements.named("circle").count
        #expect(circles > 10 && circles <= 61)
    }

    @Test func sameChartRendersToIdenticalMarkup() {
        #expect(ChartRenderer(chart: Self.twoSeries).svg() == ChartRenderer(chart: Self.twoSeries).svg())
    }
}

@Suite("Line decimation")
struct LineDecimationTests {
    @Test func shortLinesAreKeptWhole() {
        let points = (0..<40).map { ChartPoint(x: Double($0), y: Double($0 % 7)) }
        #expect(LineDecimation.reduce(points, buckets: 10) == points)
    }

    @Test func longLinesKeepFirstLastAndExtremesOfEachBucket() {
        var points = (0..<10_000).map { ChartPoint(x: Double($0), y: 1) }
        points[5_003].y = 9
        points[7_777].y = -4
        let reduced = LineDecimation.reduce(points, buckets: 100)
        #expect(reduced.count <= 400)
        #expect(reduced.first == points.first && reduced.last == points.last)
        #expect(reduced.contains(ChartPoint(x: 5_003, y: 9)))
        #expect(reduced.contains(ChartPoint(x: 7_777, y: -4)))
        #expect(zip(reduced, reduced.dropFirst()).allSatisfy { $0.x < $1.x })
    }

    @Test func longSeriesDrawCompactPaths() throws {
        let x = (0..<20_000).map(Double.init)
        let chart = Chart(title: "t", xLabel: "step", yLabel: "loss", series: [ChartSeries(name: "a", x: x, y: x.map { 1 / ($0 + 1) })])
        let path = try #require(SVGElements.parse(ChartRenderer(chart: chart).svg())?.withClass("series").first?.attributes["d"])
        #expect(path.components(separatedBy: "L").count <= 4 * 640)
    }
}
