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
        try exitingOnFailure {
            let location = invocation.location
            InterruptNotice.install()
            let (outcome, written) = try invocation.runWritingReport(useCache: !noCache, refresh: refresh)
            // Under mpirun the other ranks computed alongside; rank 0 alone writes and reports.
            guard RunWorld.isWriter else {
                if outcome.failure != nil { throw ExitCode.failure }
                return
            }
            for url in written { print("wrote \(url.path)") }
            // The failing cell's diagnostic was already printed as the run went; the last good report stays.
            if outcome.failure != nil {
                FileHandle.standardError.write(Data("run failed: \(Self.keptReport(location))\n".utf8))
                throw ExitCode.failure
            }
        }
    }

    /// What a failed run left of the last good report.
    static func keptReport(_ location: OutputLocation) -> String {
        FileManager.default.fileExists(atPath: location.html.path)
            ? "the last good report, \(location.html.path), and its results are unchanged"
            : "no good report was written"
    }
}
