import ArgumentParser
import BuildInfo
import Foundation
import Report
import Runner

/// `lorabook sweep`: runs a notebook at every point of a parameter grid (cells shared through the cache), writes each
/// point's report under `report/NAME.sweep/` and one combined report, `report/NAME.sweep.html`.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a notebook at every point of a parameter grid and write a combined report.",
        discussion: """
        Each point's report goes to report/NAME.sweep/POINT.html (+ results.json); the combined report \
        report/NAME.sweep.html tabulates every point's results by parameter and plots the --plot results. \
        A point whose results were written by the same build with the same parameters is not run again, so an \
        interrupted sweep resumes where it stopped.
        """
    )

    @OptionGroup var invocation: NotebookInvocation

    @Option(help: ArgumentHelp("A parameter and its values (repeatable; every combination runs).", valueName: "name=v1,v2,..."))
    var grid: [String] = []

    @Option(help: ArgumentHelp("Plot a result against a parameter in the combined report (repeatable).", valueName: "key:parameter"))
    var plot: [String] = []

    func run() throws {
        try exitingOnFailure { try sweep() }
    }

    func sweep() throws {
        let grid = try SweepGrid(parsing: grid)
        let plots = try plot.map { try SweepPlot(parsing: $0, grid: grid) }
        let base = invocation.location
        let folderName = base.baseName + ".sweep"
        let fixed = try invocation.overrides()
        InterruptNotice.install()
        let points = grid.points
        var outcomes: [SweepReport.PointOutcome] = []
        var failed = 0
        for (index, point) in points.enumerated() {
            var location = base
            location.directory = base.directory.appendingPathComponent(folderName, isDirectory: true)
            location.baseName = point.fileName
            let href = "\(folderName)/\(point.fileName).html"
            // Identifies a finished point: the same overrides, the same engine build.
            let identity = (fixed + point.overrides).joined(separator: " ") + " @ " + BuildInfo.engineID
            let earlier = try? ResultsFile.read(from: location.results)
            // Under mpirun every rank must skip the same points: a point is kept only when every rank finds it finished.
            if RunWorld.world.allAgree(earlier?.metadata["sweep point"] == identity), let earlier {
                RunWorld.say("[\(index + 1)/\(points.count) \(point.label)] finished earlier: kept \(location.html.path)")
                outcomes.append(.init(point: point, results: earlier, state: "finished earlier", href: href))
                continue
            }
            RunWorld.say("[\(index + 1)/\(points.count) \(point.label)] running")
            var pointInvocation = invocation
            pointInvocation.assignments += point.overrides
            let (outcome, _) = try pointInvocation.runWritingReport(verifyingData: index == 0, location: location,
                                                                   metadata: [(key: "sweep point", value: identity)])
            if outcome.failure != nil { failed += 1 }
            outcomes.append(.init(point: point, results: outcome.results, state: outcome.failure == nil ? "ran" : "failed",
                                  href: outcome.failure == nil ? href : "\(folderName)/\(point.fileName).failed.html"))
        }
        guard RunWorld.isWriter else { return }
        var combined = base
        combined.baseName = folderName
        let notebookName = invocation.notebookURL.lastPathComponent
        let document = SweepReport.document(notebook: notebookName, grid: grid, outcomes: outcomes, plots: plots,
                                            metadata: [(key: "engine build", value: BuildInfo.engineID),
                                                       (key: "date", value: ISO8601DateFormatter().string(from: Date()))])
        // The combined page is written even when a point failed: it shows which, and the good points' results.
        let summary = RunOutcome(document: document, results: SweepReport.results(notebook: notebookName, outcomes: outcomes))
        for url in try ReportOutput.write(summary, to: combined) { print("wrote \(url.path)") }
        if failed > 0 {
            FileHandle.standardError.write(Data("sweep: \(failed) of \(points.count) points failed (their reports say where)\n".utf8))
            throw ExitCode.failure
        }
    }
}
