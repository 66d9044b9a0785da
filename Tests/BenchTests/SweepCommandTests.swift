import Foundation
import Testing

/// `lorabook sweep` on a real notebook: every point's report, one combined report, shared cells taken from the cache,
/// and a rerun that keeps the finished points.
@Suite struct SweepCommandTests {
    static let notebook = """
        ```swift {#parameters}
        let size = 1
        let scale = 10
        ```

        ```swift {#shared cache=true}
        var base = size * 2
        ```

        ```swift {#point cache=true}
        let curve = series("total", y: [Double(base), Double(base * scale)])
        ```
        """

    @Test func aSweepWritesEveryPointAndResumesWithoutRerunningFinishedOnes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-\(UUID())", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.notebook.write(to: folder.appendingPathComponent("nb.md"), atomically: true, encoding: .utf8)
        let arguments = ["sweep", "nb.md", "--grid", "size=1,2", "--grid", "scale=10,100", "--plot", "curve.last:scale"]

        let first = try LorabookProcess.run(arguments, in: folder)
        #expect(first.status == 0, "\(first.errors)")
        // The shared cell runs once per size, then comes from the cache for the other scale.
        #expect(first.errors.components(separatedBy: "[shared] done").count - 1 == 2)
        #expect(first.errors.components(separatedBy: "[shared] cached").count - 1 == 2)
        for name in ["size-1_scale-10", "size-1_scale-100", "size-2_scale-10", "size-2_scale-100"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("nb.sweep/\(name).html").path))
        }
        let combined = try String(contentsOf: folder.appendingPathComponent("nb.sweep.html"), encoding: .utf8)
        #expect(combined.contains("nb.sweep/size-2_scale-100.html") && combined.contains("<svg"))
        let results = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("nb.sweep.results.json")))
        let entries = (results as? [String: Any])?["entries"] as? [[String: Any]] ?? []
        #expect(entries.first { $0["key"] as? String == "[size=2, scale=100] curve.last" }?["number"] as? Double == 400)

        try FileManager.default.removeItem(at: folder.appendingPathComponent("nb.sweep/size-2_scale-10.results.json"))
        let resumed = try LorabookProcess.run(arguments, in: folder)
        #expect(resumed.status == 0, "\(resumed.errors)")
        // Only the point whose results are gone runs again (its cells from the cache).
        #expect(resumed.errors.components(separatedBy: "[point] cached").count - 1 == 1)
        #expect(!resumed.errors.contains("[point] done"))
    }
}
