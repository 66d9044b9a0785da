import ArgumentParser
import Foundation
import Runner

/// `lorabook bench notebook`: runs a notebook end to end exactly as `lorabook run` does (same options, same
/// runner) and records the wall time of every cell, the total and the peak memory; it writes no report.
struct BenchNotebook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notebook",
        abstract: "Time a notebook run cell by cell (default parameters: notebooks/params/smoke.yaml).",
        discussion: "Without --params the smoke parameters are used; --no-cache times every cell rather than cache reads."
    )

    static let defaultParams = "notebooks/params/smoke.yaml"

    @OptionGroup var invocation: NotebookInvocation

    @Flag(help: "Run every cell, ignoring the cache.")
    var noCache = false

    @OptionGroup var output: BenchOutput

    func validate() throws {
        if invocation.out != nil {
            throw ValidationError("bench notebook writes no report, so --out has no use here (lorabook run writes reports)")
        }
        if invocation.threads < 1 { throw ValidationError("--threads \(invocation.threads) must be at least 1") }
    }

    /// The invocation with the smoke parameters filled in when none were given.
    var benchedInvocation: NotebookInvocation {
        var benched = invocation
        if benched.params == nil { benched.params = Self.defaultParams }
        return benched
    }

    func run() throws {
        let benched = benchedInvocation
        let outcome: RunOutcome
        let start = ContinuousClock.now
        do {
            // Data verification is not part of the notebook's time; no report, so no saved files either.
            outcome = try benched.run(useCache: !noCache, savingFiles: false, verifyingData: false).1
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode.failure
        }
        let total = (ContinuousClock.now - start).seconds
        if let failure = outcome.failure {
            FileHandle.standardError.write(Data("bench notebook: the run failed, no results written: \(failure)\n".utf8))
            throw ExitCode.failure
        }
        var record = BenchmarkRecord(benchmark: "notebook", threads: benched.threads, settings: [
            "notebook": benched.notebook, "params": benched.params ?? "", "cache": noCache ? "off" : "on",
            "set": benched.assignments.joined(separator: " "),
        ])
        var table = TextTable(["cell", "state", "seconds"])
        for cell in outcome.results.cells {
            record.add("cell \(cell.id)", ["seconds": cell.seconds, "cached": cell.state == "cached" ? 1 : 0])
            table.add([cell.id, cell.state, TextTable.number(cell.seconds, decimals: 2)])
        }
        let cellSeconds = outcome.results.cells.reduce(0) { $0 + $1.seconds }
        let peak = PeakMemory.peakMiB()
        record.add("total", ["seconds": total, "cell_seconds": cellSeconds, "peak_rss_mib": peak,
                             "cells": Double(outcome.results.cells.count)])
        table.add(["total (parse, set-up and cells)", "", TextTable.number(total, decimals: 2)])
        print(table.rendered)
        print(String(format: "peak RSS %.0f MiB", peak))
        try output.write(record)
    }
}
