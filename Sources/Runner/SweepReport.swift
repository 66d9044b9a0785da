import Foundation
import Report

/// The combined report of a sweep: a link to each point's report, a table of every point's results by key, and
/// plots of chosen results against a parameter.
public enum SweepReport {
    /// How one point ended: its results (nil when it failed before writing any) and whether it ran in this sweep.
    public struct PointOutcome: Sendable {
        public var point: SweepPoint
        public var results: ResultsFile?
        public var state: String
        /// The point's page relative to the combined page: `e2e.sweep/loraRank-4.html`.
        public var href: String

        public init(point: SweepPoint, results: ResultsFile?, state: String, href: String) {
            self.point = point
            self.results = results
            self.state = state
            self.href = href
        }
    }

    public static func document(notebook: String, grid: SweepGrid, outcomes: [PointOutcome], plots: [SweepPlot],
                                metadata: [(key: String, value: String)]) -> ReportDocument {
        var blocks: [ReportBlock] = [.heading(ReportHeading(level: 2, text: "Points", id: "points"))]
        let links: [CellOutput] = outcomes.map {
            .html(.fileLink(href: $0.href, label: $0.point.label, note: $0.state))
        }
        blocks.append(.cell(ReportCell(id: "points", source: "", echo: false, status: .ran(seconds: 0), outputs: links)))
        blocks.append(.heading(ReportHeading(level: 2, text: "Results by parameter", id: "results")))
        blocks.append(.cell(ReportCell(id: "results", source: "", echo: false, status: .ran(seconds: 0),
                                       outputs: [.table(table(grid: grid, outcomes: outcomes))])))
        if !plots.isEmpty {
            blocks.append(.heading(ReportHeading(level: 2, text: "Plots", id: "plots")))
            blocks.append(.cell(ReportCell(id: "plots", source: "", echo: false, status: .ran(seconds: 0),
                                           outputs: plots.map { .figure(chart($0, grid: grid, outcomes: outcomes)) })))
        }
        return ReportDocument(title: "Sweep of \(notebook)",
                              subtitle: grid.axes.map { "\($0.name) ∈ {\($0.values.joined(separator: ", "))}" }.joined(separator: " × "),
                              blocks: blocks, metadata: metadata)
    }

    /// One row per parameter, then one per result key (timings left out), one column per point.
    static func table(grid: SweepGrid, outcomes: [PointOutcome]) -> ReportTable {
        var keys: [String] = []
        var kinds: [String: ResultKind] = [:]
        for outcome in outcomes {
            for entry in outcome.results?.entries ?? [] where entry.kind != .timing && kinds[entry.key] == nil {
                keys.append(entry.key)
                kinds[entry.key] = entry.kind
            }
        }
        var rows: [[TableCell]] = grid.axes.map { axis in
            [.text(axis.name)] + outcomes.map { .text($0.point.value(of: axis.name) ?? "") }
        }
        rows.append([.text("state")] + outcomes.map { .text($0.state) })
        for key in keys {
            rows.append([.text(key)] + outcomes.map { outcome in
                guard let entry = outcome.results?.entries.first(where: { $0.key == key }) else { return .empty }
                if let number = entry.number {
                    return entry.kind == .count && number.rounded() == number && abs(number) < 1e15
                        ? .integer(Int(number)) : .fixed(number, decimals: 4)
                }
                return .text(String((entry.text ?? "").prefix(16)))
            })
        }
        let columns = [TableColumn("result")] + outcomes.enumerated().map { TableColumn("point \($0.offset + 1)", decimals: 4) }
        return ReportTable(caption: "Every point's results.json entries (timings left out)", columns: columns, rows: rows)
    }

    /// The result against the parameter; one line per combination of the other parameters.
    static func chart(_ plot: SweepPlot, grid: SweepGrid, outcomes: [PointOutcome]) -> Chart {
        var lines: [(name: String, points: [ChartPoint])] = []
        for outcome in outcomes {
            guard let x = outcome.point.value(of: plot.parameter).flatMap(Double.init),
                  let y = outcome.results?.entries.first(where: { $0.key == plot.key })?.number else { continue }
            let others = outcome.point.values.filter { $0.name != plot.parameter }.map { "\($0.name)=\($0.value)" }
            let name = others.isEmpty ? plot.key : others.joined(separator: ", ")
            if let index = lines.firstIndex(where: { $0.name == name }) {
                lines[index].points.append(ChartPoint(x: x, y: y))
            } else {
                lines.append((name, [ChartPoint(x: x, y: y)]))
            }
        }
        return Chart(title: "\(plot.key) against \(plot.parameter)", xLabel: plot.parameter, yLabel: plot.key,
                     series: lines.map { ChartSeries(name: $0.name, points: $0.points.sorted { $0.x < $1.x }) })
    }

    /// The combined results: each point's entries under `[label] key`, its parameters in `parameters`.
    public static func results(notebook: String, outcomes: [PointOutcome]) -> ResultsFile {
        var entries: [ResultEntry] = []
        for outcome in outcomes {
            for var entry in outcome.results?.entries ?? [] {
                entry.key = "[\(outcome.point.label)] \(entry.key)"
                entries.append(entry)
            }
        }
        return ResultsFile(notebook: notebook, entries: entries,
                           metadata: Dictionary(outcomes.map { ($0.point.label, $0.state) }, uniquingKeysWith: { $1 }))
    }
}
