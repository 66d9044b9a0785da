import ArgumentParser
import BuildInfo
import Distributed
import Foundation
import Report
import Runner

/// `lorabook sweep`: runs a notebook at every point of a parameter grid (cells shared through the cache), writes each
/// point's report under `report/NAME.sweep/` and one combined report, `report/NAME.sweep.html`. Under mpirun see
/// `SweepRanks`.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a notebook at every point of a parameter grid and write a combined report.",
        discussion: """
        Each point's report goes to report/NAME.sweep/POINT.html (+ results.json); the combined report \
        report/NAME.sweep.html tabulates every point's results by parameter and plots the --plot results. \
        A point whose results were written by the same build with the same parameters is not run again, so an \
        interrupted sweep resumes where it stopped. Under mpirun -np N with at least N points, each rank runs whole \
        points (round-robin), each as one process, and rank 0 writes the combined report; with fewer points, every \
        point runs data-parallel over all the ranks.
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
        let fixed = try invocation.overrides()
        InterruptNotice.install()
        let points = grid.points
        let world = World.current
        let spread = SweepRanks.spreads(points: points.count, ranks: world.size)
        if spread {
            RunWorld.say("sweep: \(points.count) points over \(world.size) ranks: whole points, round-robin, each run by one "
                         + "process; rank 0 writes the combined report")
        }
        var mine: [SweepRanks.Outcome] = []
        for index in SweepRanks.share(points: points.count, rank: world.rank, ranks: world.size) {
            let first = mine.isEmpty
            guard spread else {
                mine.append(try runPoint(index, of: points, fixed: fixed, verifyingData: first, place: ""))
                continue
            }
            let place = " on rank \(world.rank) of \(world.size)"
            do {
                let outcome = try RunWorld.alone {
                    try runPoint(index, of: points, fixed: fixed, verifyingData: first, place: place)
                }
                mine.append(outcome)
            } catch {
                // Not thrown on: the other ranks wait for this rank's outcomes at the gather.
                let point = points[index]
                FileHandle.standardError.write(Data("[\(index + 1)/\(points.count) \(point.label)] failed\(place): \(error)\n".utf8))
                mine.append(.init(index: index, results: nil, state: "failed" + place,
                                  href: "\(folderName)/\(point.fileName).failed.html", failed: true))
            }
        }
        let outcomes = spread ? try SweepRanks.gather(mine, points: points.count, world: world) : mine
        guard RunWorld.isWriter, let outcomes else {
            if mine.contains(where: \.failed) { throw ExitCode.failure }
            return
        }
        var combined = invocation.location
        combined.baseName = folderName
        let notebookName = invocation.notebookURL.lastPathComponent
        let pointOutcomes = outcomes.map {
            SweepReport.PointOutcome(point: points[$0.index], results: $0.results, state: $0.state, href: $0.href)
        }
        var metadata = [(key: "engine build", value: BuildInfo.engineID),
                        (key: "date", value: ISO8601DateFormatter().string(from: Date()))]
        if spread { metadata.append((key: "ranks", value: "\(world.size) (mpirun, whole points per rank, round-robin)")) }
        let document = SweepReport.document(notebook: notebookName, grid: grid, outcomes: pointOutcomes, plots: plots,
                                            metadata: metadata)
        // The combined page is written even when a point failed: it shows which, and the good points' results.
        let summary = RunOutcome(document: document, results: SweepReport.results(notebook: notebookName, outcomes: pointOutcomes))
        for url in try ReportOutput.write(summary, to: combined) { print("wrote \(url.path)") }
        let failed = outcomes.filter(\.failed).count
        if failed > 0 {
            FileHandle.standardError.write(Data("sweep: \(failed) of \(points.count) points failed (their reports say where)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// `report/NAME.sweep`: the folder of the points' pages, and the combined page's name.
    private var folderName: String { invocation.location.baseName + ".sweep" }

    /// Runs point `index` unless this build already finished it with the same parameters; `place` names the rank
    /// that runs it (whole points per rank) or is empty.
    private func runPoint(_ index: Int, of points: [SweepPoint], fixed: [String], verifyingData: Bool,
                          place: String) throws -> SweepRanks.Outcome {
        let point = points[index]
        var location = invocation.location
        location.directory = location.directory.appendingPathComponent(folderName, isDirectory: true)
        location.baseName = point.fileName
        let href = "\(folderName)/\(point.fileName).html"
        let tag = "[\(index + 1)/\(points.count) \(point.label)]"
        // Identifies a finished point: the same overrides, the same engine build.
        let identity = (fixed + point.overrides).joined(separator: " ") + " @ " + BuildInfo.engineID
        let earlier = try? ResultsFile.read(from: location.results)
        // When every point spans every rank, every rank must skip the same points: a point is kept only when every
        // rank finds it finished.
        if RunWorld.world.allAgree(earlier?.metadata["sweep point"] == identity), let earlier {
            RunWorld.say("\(tag) finished earlier\(place): kept \(location.html.path)")
            return .init(index: index, results: earlier, state: "finished earlier" + place, href: href, failed: false)
        }
        RunWorld.say("\(tag) running\(place)")
        var pointInvocation = invocation
        pointInvocation.assignments += point.overrides
        let (outcome, _) = try pointInvocation.runWritingReport(verifyingData: verifyingData, location: location,
                                                               metadata: [(key: "sweep point", value: identity)])
        let failed = outcome.failure != nil
        return .init(index: index, results: outcome.results, state: (failed ? "failed" : "ran") + place,
                     href: failed ? "\(folderName)/\(point.fileName).failed.html" : href, failed: failed)
    }
}
