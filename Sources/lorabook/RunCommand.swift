import ArgumentParser
import Foundation
import Runner

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a notebook and write its HTML report and results.json."
    )

    @OptionGroup var invocation: NotebookInvocation

    @Flag(help: "Run every cell, ignoring the cache.")
    var noCache = false

    @Option(help: ArgumentHelp("Run this cell again even if cached (repeatable).", valueName: "cell-id"))
    var refresh: [String] = []

    func run() throws {
        do {
            let location = invocation.location
            InterruptNotice.install()
            if RunWorld.isWriter {
                try ReportOutput.prepare(location, notebook: invocation.notebookURL)
                try? FileManager.default.removeItem(at: location.artifactsStaging)
            }
            let (_, outcome) = try invocation.run(useCache: !noCache, refresh: refresh)
            // Under mpirun the other ranks computed alongside; rank 0 alone writes and reports.
            guard RunWorld.isWriter else {
                if outcome.failure != nil { throw ExitCode.failure }
                return
            }
            for url in try ReportOutput.write(outcome, to: location) { print("wrote \(url.path)") }
            try ReportOutput.settleArtifacts(location, runSucceeded: outcome.failure == nil)
            // The failing cell's diagnostic was already printed as the run went; the last good report stays.
            if outcome.failure != nil {
                let kept = FileManager.default.fileExists(atPath: location.html.path)
                    ? "the last good report, \(location.html.path), and its results are unchanged"
                    : "no good report was written"
                FileHandle.standardError.write(Data("run failed: \(kept)\n".utf8))
                throw ExitCode.failure
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
