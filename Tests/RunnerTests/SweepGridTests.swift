import Foundation
import Report
@testable import Runner
import Testing

/// `--grid` axes expand to every combination, `--plot` names a numeric axis, and the combined report holds each
/// point's results by parameter.
@Suite struct SweepGridTests {
    @Test func everyCombinationRunsWithTheFirstAxisVaryingSlowest() throws {
        let grid = try SweepGrid(parsing: ["rank=1,2", "lr=1e-3,5e-3,1e-2"])
        #expect(grid.points.map(\.label) == ["rank=1, lr=1e-3", "rank=1, lr=5e-3", "rank=1, lr=1e-2",
                                            "rank=2, lr=1e-3", "rank=2, lr=5e-3", "rank=2, lr=1e-2"])
        #expect(grid.points[0].overrides == ["rank=1", "lr=1e-3"])
        #expect(grid.points[0].fileName == "rank-1_lr-1e-3")
        #expect(try SweepGrid(parsing: ["name=a b,c/d"]).points.map(\.fileName) == ["name-a_b", "name-c_d"])
    }

    @Test func malformedGridsAndPlotsAreOneErrorNamingThem() throws {
        for (specs, message) in [([], "at least one --grid"), (["rank"], "expected name=v1"), (["rank=1,,2"], "a value is empty"),
                                 (["rank=1,1"], "repeated"), (["rank=1", "rank=2"], "'rank' is given twice")] {
            #expect(throws: SweepError.self) { try SweepGrid(parsing: specs) }
            do { _ = try SweepGrid(parsing: specs) } catch { #expect("\(error)".contains(message), "\(error)") }
        }
        let grid = try SweepGrid(parsing: ["rank=1,2", "method=full,lora"])
        let plot = try SweepPlot(parsing: "lora.scores.bleu:rank", grid: grid)
        #expect(plot.key == "lora.scores.bleu" && plot.parameter == "rank")
        for (spec, message) in [("bleu", "expected RESULT-KEY:PARAMETER"), ("bleu:steps", "not a --grid parameter"),
                                ("bleu:method", "'full', not a number")] {
            do {
                _ = try SweepPlot(parsing: spec, grid: grid)
                Issue.record("\(spec) was accepted")
            } catch { #expect("\(error)".contains(message), "\(error)") }
        }
    }

    @Test func theCombinedReportTabulatesAndPlotsEachPointsResults() throws {
        let grid = try SweepGrid(parsing: ["rank=1,4", "seed=1,2"])
        let outcomes = grid.points.enumerated().map { index, point in
            SweepReport.PointOutcome(point: point, results: ResultsFile(notebook: "nb.md", entries: [
                ResultEntry(key: "bleu", kind: .score, number: Double(index) / 10),
                ResultEntry(key: "run.seconds", kind: .timing, number: 3),
            ]), state: "ran", href: "nb.sweep/\(point.fileName).html")
        }
        let table = SweepReport.table(grid: grid, outcomes: outcomes)
        #expect(table.rows.map { $0[0] } == [.text("rank"), .text("seed"), .text("state"), .text("bleu")])
        #expect(table.rows[3].dropFirst().map(\.numericValue) == [0, 0.1, 0.2, 0.3])
        let chart = SweepReport.chart(try SweepPlot(parsing: "bleu:rank", grid: grid), grid: grid, outcomes: outcomes)
        #expect(chart.series.map(\.name) == ["seed=1", "seed=2"])
        #expect(chart.series[1].points == [ChartPoint(x: 1, y: 0.1), ChartPoint(x: 4, y: 0.3)])
        let results = SweepReport.results(notebook: "nb.md", outcomes: outcomes)
        #expect(results.entries.first?.key == "[rank=1, seed=1] bleu")
        let page = ReportPage.render(SweepReport.document(notebook: "nb.md", grid: grid, outcomes: outcomes,
                                                          plots: [try SweepPlot(parsing: "bleu:rank", grid: grid)], metadata: []))
        #expect(page.contains("href=\"nb.sweep/rank-4_seed-2.html\""))
        #expect(page.contains("<svg"))
    }
}
