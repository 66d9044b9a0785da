import Foundation
import Testing

/// `lorabook export --ipynb` writes a notebook that the `nbformat` package validates as nbformat 4.5, with the
/// prose as Markdown and each code cell's outputs.
@Suite struct ExportCommandTests {
    static let notebook = """
        # Export

        Some *prose*.

        ```swift {#parameters}
        let n = 3
        ```

        ```swift {#numbers cache=true}
        let curve = series("y", y: [1.0, 2.0, Double(n)])
        show(plot(title: "A curve", x: "step", y: "y", series: [curve]))
        show(table(columns: ["a", "b"], rows: [[1, n]]))
        "n is \\(n)"
        ```
        """

    @Test func theIpynbIsValidNbformatWithMarkdownAndOutputs() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID())", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.notebook.write(to: folder.appendingPathComponent("nb.md"), atomically: true, encoding: .utf8)
        let export = try LorabookProcess.run(["export", "--ipynb", "nb.md"], in: folder)
        #expect(export.status == 0, "\(export.errors)")
        let file = folder.appendingPathComponent("nb.ipynb")

        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", "import sys, nbformat; nb = nbformat.read(sys.argv[1], as_version=4); "
                            + "nbformat.validate(nb); print(nb.nbformat, nb.nbformat_minor)", file.path]
        let output = Pipe()
        python.standardOutput = output
        try python.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        python.waitUntilExit()
        #expect(python.terminationStatus == 0)
        #expect(printed.trimmingCharacters(in: .whitespacesAndNewlines) == "4 5")

        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        let cells = try #require(json["cells"] as? [[String: Any]])
        #expect(cells.map { $0["cell_type"] as? String } == ["markdown", "code", "code"])
        #expect((cells[0]["source"] as? [String])?.joined().contains("Some *prose*.") == true)
        let outputs = try #require(cells[2]["outputs"] as? [[String: Any]])
        let kinds = outputs.map { output -> String in
            if output["output_type"] as? String == "stream" { return "stream" }
            return ((output["data"] as? [String: Any]) ?? [:]).keys.filter { $0 != "text/plain" }.sorted().joined()
        }
        #expect(kinds == ["image/svg+xml", "text/html", "stream"])
    }
}
