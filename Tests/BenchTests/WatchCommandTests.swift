import Foundation
import Testing

/// A real `lorabook watch` on a tiny notebook: the page is served with the reload script (the file on disk never
/// holds it), a save re-runs the notebook with unchanged cached cells taken from the cache, open pages hear the new
/// version over server-sent events, a failed run's page is shown while the last good report stays, and Ctrl-C stops.
@Suite struct WatchCommandTests {
    static func notebook(prose: String, shown: String = "total") -> String {
        """
        ---
        title: Watched
        ---

        \(prose)

        ```swift {#parameters}
        let size = 4
        ```

        ```swift {#sum cache=true}
        var total = 0
        for i in 0..<size { total = total + i }
        ```

        ```swift {#shown}
        markdown("The total is \\(\(shown)).")
        ```
        """
    }

    @Test func aSaveRerunsTheNotebookAndTheOpenPageHearsIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("watch-\(UUID())", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // The report in its own folder, so the notebook is a file outside what the server may serve.
        let source = folder.appendingPathComponent("nb.md"), report = folder.appendingPathComponent("out/nb.html")
        try Self.notebook(prose: "The first version of the prose.").write(to: source, atomically: true, encoding: .utf8)

        var child = try LorabookProcess(["watch", "nb.md", "--out", "out", "--port", "0"], in: folder)
        defer { if child.process.isRunning { kill(child.process.processIdentifier, SIGKILL) } }
        let firstRun = child.waitFor("run 1 done")
        #expect(firstRun, "\(child.seen)")
        let port = try #require(Self.port(in: child.seen))

        let first = try LoopbackHTTP.get(port: port, path: "/")
        #expect(first.status == 200)
        #expect(first.headers.lowercased().contains("content-type: text/html"))
        #expect(first.body.contains("The first version of the prose."))
        #expect(first.body.contains("The total is 6."))
        #expect(first.body.contains("<script data-lorabook-watch>"))
        let written = try String(contentsOf: report, encoding: .utf8)
        #expect(written.contains("The first version of the prose."))
        #expect(!written.contains("data-lorabook-watch"))
        #expect(try LoopbackHTTP.get(port: port, path: "/nb.results.json").body.contains("\"cells\""))
        for outside in ["/../nb.md", "/%2E%2E/nb.md", "/nb.md"] {
            #expect(try LoopbackHTTP.get(port: port, path: outside).status == 404, "\(outside)")
        }

        var events = try LoopbackHTTP(port: port, path: "/events")
        defer { events.close() }
        let heardVersion1 = events.read(until: "event: version\ndata: 1\n\n")
        #expect(heardVersion1)
        #expect(events.text.lowercased().contains("content-type: text/event-stream"))

        // A prose edit: the page changes, the cached cell is not computed again.
        try Self.notebook(prose: "The second, longer version of the prose.").write(to: source, atomically: true, encoding: .utf8)
        let heardVersion2 = events.read(until: "event: version\ndata: 2\n\n")
        #expect(heardVersion2)
        #expect(events.text.contains("event: running\ndata: 1\n\n"))
        let secondRun = child.waitFor("run 2 done")
        #expect(secondRun)
        #expect(child.seen.components(separatedBy: "run 1 done").last?.contains("[sum] cached") == true, "\(child.seen)")
        let second = try LoopbackHTTP.get(port: port, path: "/")
        #expect(second.body.contains("The second, longer version of the prose."))
        #expect(second.body.contains("const served = 2;"))
        let good = try Data(contentsOf: report)

        // A failing edit: the failed page is served, the good report stays on disk as it was.
        try Self.notebook(prose: "The second, longer version of the prose.", shown: "totl")
            .write(to: source, atomically: true, encoding: .utf8)
        let heardVersion3 = events.read(until: "event: version\ndata: 3\n\n")
        #expect(heardVersion3)
        let thirdRunFailed = child.waitFor("run 3 failed")
        #expect(thirdRunFailed)
        let failed = try LoopbackHTTP.get(port: port, path: "/")
        #expect(failed.body.contains("totl"))
        #expect(failed.body.contains("<script data-lorabook-watch>"))
        #expect(try Data(contentsOf: report) == good)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/nb.failed.html").path))

        // A notebook that cannot be read at all: its error is the page.
        try "---\ntitle: [unclosed\n---\n".write(to: source, atomically: true, encoding: .utf8)
        let heardVersion4 = events.read(until: "event: version\ndata: 4\n\n")
        #expect(heardVersion4)
        let broken = try LoopbackHTTP.get(port: port, path: "/")
        #expect(broken.body.contains("nb.md cannot run"))
        #expect(broken.body.contains("nb.md:"))

        kill(child.process.processIdentifier, SIGINT)
        let stopped = child.finish()
        #expect(stopped.status == 0)
        #expect(stopped.errors.contains("watch: stopped"))
        #expect(try Data(contentsOf: report) == good)
    }

    @Test func aPortInUseIsOneClearError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("watch-port-\(UUID())", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.notebook(prose: "Prose.").write(to: folder.appendingPathComponent("nb.md"), atomically: true, encoding: .utf8)
        var holder = try LorabookProcess(["watch", "nb.md", "--port", "0"], in: folder)
        defer { if holder.process.isRunning { kill(holder.process.processIdentifier, SIGKILL) } }
        let serving = holder.waitFor("serving")
        #expect(serving)
        let port = try #require(Self.port(in: holder.seen))
        let second = try LorabookProcess.run(["watch", "nb.md", "--port", "\(port)"], in: folder)
        #expect(second.status == 1)
        #expect(second.errors.contains("error: cannot serve on 127.0.0.1:\(port)"), "\(second.errors)")
        kill(holder.process.processIdentifier, SIGINT)
        #expect(holder.finish().status == 0)
    }

    /// The port in `watch: serving http://127.0.0.1:PORT/`.
    static func port(in output: String) -> UInt16? {
        guard let start = output.range(of: "http://127.0.0.1:") else { return nil }
        return UInt16(output[start.upperBound...].prefix(while: \.isNumber))
    }
}
