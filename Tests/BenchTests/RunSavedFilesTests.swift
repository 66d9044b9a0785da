import DataStore
import Foundation
import Testing

/// `lorabook run` puts the files a notebook saves beside its report whether or not it reads the cache: a run with
/// `--no-cache` computes every cell and must leave the same files as a cached one (it once left none, so the
/// page linked to files of an earlier run, or to nothing).
@Suite struct RunSavedFilesTests {
    static let notebook = """
        ---
        title: Saved files
        ---

        ```swift {#parameters}
        let mrs = 2
        ```

        ```swift {#save cache=true}
        let dev = e2e(split: "dev", mrs: mrs, seed: 3)
        let file = save(dev, as: "references.txt")
        ```
        """

    @Test(arguments: [[String](), ["--no-cache"]])
    func aRunLeavesItsSavedFilesBesideTheReport(flags: [String]) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("saved-run-\(UUID())", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.notebook.write(to: folder.appendingPathComponent("nb.md"), atomically: true, encoding: .utf8)
        let data = try DataLocation.testDataFile("e2e/devset.csv").deletingLastPathComponent().deletingLastPathComponent()
        var environment = ProcessInfo.processInfo.environment
        environment["LORABOOK_DATA"] = data.path
        let saved = folder.appendingPathComponent("nb/references.txt")

        let first = try LorabookProcess.run(["run", "nb.md"] + flags, in: folder, environment: environment)
        #expect(first.status == 0, "\(first.errors)")
        let two = try String(contentsOf: saved, encoding: .utf8)
        // A second run with other values replaces the files with its own.
        let second = try LorabookProcess.run(["run", "nb.md", "--set", "mrs=3"] + flags, in: folder, environment: environment)
        #expect(second.status == 0, "\(second.errors)")
        let three = try String(contentsOf: saved, encoding: .utf8)
        #expect(!two.isEmpty)
        #expect(three != two)
        #expect(three.components(separatedBy: "\n\n").count > two.components(separatedBy: "\n\n").count)
    }
}
