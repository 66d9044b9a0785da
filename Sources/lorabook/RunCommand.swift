import ArgumentParser
import Foundation
import Report
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
            let (_, outcome) = try invocation.run(useCache: !noCache, refresh: refresh)
            let location = invocation.location
            try ReportPage.write(outcome.document, to: location.html)
            try AtomicFile.write(try outcome.results.encoded(), to: location.results)
            print("wrote \(location.html.path)")
            print("wrote \(location.results.path)")
            // The failing cell's diagnostic was already printed as the run went.
            if outcome.failure != nil { throw ExitCode.failure }
        } catch let error as ExitCode {
            throw error
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
