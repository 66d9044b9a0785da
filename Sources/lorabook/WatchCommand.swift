import ArgumentParser
import Foundation
import LivePreview
import Runner

/// `lorabook watch`: a live preview. Serves the report on 127.0.0.1, runs the notebook again whenever it (or its
/// params file) is saved, and tells the open page to reload. Each run writes the report as `run` does, so cells
/// marked `cache=true` whose inputs did not change come from the cache; a failed run's page is shown while the last
/// good report stays on disk untouched.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Serve a notebook's report on localhost and run it again on every save (live preview).",
        discussion: """
        Open the printed address in a browser: the page reloads by itself after each run. A failed run shows its \
        page (NAME.failed.html) with the error at the cell, while NAME.html keeps the last good report; a notebook \
        that cannot be read shows the error alone. Ctrl-C stops watching.
        """
    )

    @OptionGroup var invocation: NotebookInvocation

    @Option(help: "Port on 127.0.0.1 to serve the preview on (0 picks a free one).")
    var port: Int = 8000

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, got \(port)") }
    }

    func run() throws {
        try exitingOnFailure { try watch() }
    }

    private func say(_ line: String) {
        FileHandle.standardError.write(Data("watch: \(line)\n".utf8))
    }

    func watch() throws {
        guard !RunWorld.world.isParallel else {
            throw CommandFailure("error: watch serves one preview from one process; start it without mpirun")
        }
        let location = invocation.location
        try ReportOutput.prepare(location, notebook: invocation.notebookURL)
        // Before any server thread exists, so every thread inherits SIGINT unblocked.
        InterruptNotice.install(message: "watch: stopped; the reports written so far stay, and an unfinished run "
                                + "resumes from the cache next time", status: 0)
        let state = PreviewState(notebookName: invocation.notebookURL.lastPathComponent)
        let server = try PreviewServer(state: state, directory: location.directory,
                                       mainPage: location.html.lastPathComponent, port: UInt16(port))
        let boundPort: UInt16
        do {
            boundPort = try server.start()
        } catch {
            throw CommandFailure("error: cannot serve on 127.0.0.1:\(port): \(error); pick another --port (0 picks a free one)")
        }
        let watcher = FileWatcher(files: [invocation.notebookURL] + [invocation.paramsURL].compactMap { $0 })
        say("serving http://127.0.0.1:\(boundPort)/ ; watching \(watcher.files.map(\.relativePath).joined(separator: ", ")); Ctrl-C stops")
        var runs = 0
        while true {
            let before = watcher.stamps()
            runs += 1
            state.announceRun()
            // The page is published before the run is said to be over, so whoever reads that line finds the new page.
            let (content, outcome) = runOnce(location, number: runs)
            state.publish(content)
            say(outcome)
            if watcher.stamps() == before {
                let changed = watcher.waitForChange(from: before)
                say("\(changed.map(\.lastPathComponent).joined(separator: ", ")) changed: running again")
            } else {
                say("changed during the run: running again")
            }
        }
    }

    /// One run, written like `run` writes it; returns what the page should show and the line that says how it ended.
    private func runOnce(_ location: OutputLocation, number: Int) -> (PreviewState.Content, String) {
        do {
            let (outcome, written) = try invocation.runWritingReport(verifyingData: number == 1)
            // Unbuffered, so a pipe sees each line as the run ends.
            for url in written { FileHandle.standardOutput.write(Data("wrote \(url.path)\n".utf8)) }
            if outcome.failure != nil {
                return (.page(location.failedHTML),
                        "run \(number) failed: showing \(location.failedHTML.lastPathComponent); \(RunCommand.keptReport(location))")
            }
            return (.page(location.html), "run \(number) done")
        } catch {
            // Nothing was written (the notebook or the params file cannot be read): the error is the page.
            return (.message(title: "\(invocation.notebookURL.lastPathComponent) cannot run", text: "\(error)"),
                    "run \(number) failed: \(error)")
        }
    }
}
