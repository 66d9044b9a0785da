import Foundation
import Testing

/// A real `lorabook run` killed in the middle of a long cell (Ctrl-C, kill -9) leaves the last good report and the
/// cache as they were, and the next run takes every cell that finished before the kill from the cache.
@Suite struct InterruptedRunTests {
    static let notebook = """
        ---
        title: Interrupted
        ---

        ```swift {#parameters}
        let size = 1
        let spin = 10
        ```

        ```swift {#first cache=true}
        var total = size * 2
        ```

        ```swift {#slow cache=true}
        var count = 0
        for i in 0..<spin { count = count + 1 }
        total = total + count
        total
        ```
        """

    @Test(arguments: [SIGINT, SIGKILL])
    func aKilledRunKeepsTheReportAndResumesFromTheCache(signal: Int32) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("interrupted-\(UUID())", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.notebook.write(to: folder.appendingPathComponent("nb.md"), atomically: true, encoding: .utf8)

        let good = try LorabookProcess.run(["run", "nb.md"], in: folder)
        #expect(good.status == 0, "\(good.errors)")
        let page = try Data(contentsOf: folder.appendingPathComponent("nb.html"))
        let results = try Data(contentsOf: folder.appendingPathComponent("nb.results.json"))

        // `first` runs afresh (size changed) and finishes; `slow` would spin for hours and is killed mid-cell.
        var child = try LorabookProcess(["run", "nb.md", "--set", "size=2", "--set", "spin=1000000000000"], in: folder)
        defer { if child.process.isRunning { kill(child.process.processIdentifier, SIGKILL) } }
        let firstFinished = child.waitFor("[first] done")
        let slowStarted = child.waitFor("slow] running")
        #expect(firstFinished && slowStarted)
        kill(child.process.processIdentifier, signal)
        let killed = child.finish()
        #expect(killed.status != 0)
        if signal == SIGINT {
            #expect(killed.status == 130)
            #expect(killed.errors.contains("interrupted: the cache and the last good report are unchanged"))
        }
        #expect(try Data(contentsOf: folder.appendingPathComponent("nb.html")) == page)
        #expect(try Data(contentsOf: folder.appendingPathComponent("nb.results.json")) == results)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)

        let resumed = try LorabookProcess.run(["run", "nb.md", "--set", "size=2", "--set", "spin=3"], in: folder)
        #expect(resumed.status == 0, "\(resumed.errors)")
        #expect(resumed.errors.contains("[first] cached"))
        #expect(resumed.errors.contains("[slow] done"))
        let cache = folder.appendingPathComponent(".lorabook/cache/cells")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.path).filter { $0.hasSuffix(".partial") }.isEmpty)
        let record = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("nb.results.json")))
        let cells = (record as? [String: Any])?["cells"] as? [[String: Any]] ?? []
        #expect(cells.map { $0["state"] as? String } == ["ran", "cached", "ran"])
        #expect((cells[1]["madeBy"] as? [String: Any])?["build"] as? String != nil)
    }
}
