import Foundation
import Notebook
import Testing

/// A notebook that is not a readable Markdown text file, or whose code fence never closes, gets one
/// clear line naming the file (and the place) instead of a Foundation error code or a later, wrong position.
@Suite struct NotebookFileErrorTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("notebook-files-\(UUID())")

    func error(reading data: Data?, name: String = "nb.md") throws -> String? {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        if let data { try data.write(to: url) }
        do {
            _ = try Notebook(contentsOf: url, file: name)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func aDirectoryIsNamedAsOne() throws {
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("dir.md"), withIntermediateDirectories: true)
        #expect(try error(reading: nil, name: "dir.md") == "dir.md: error: is a directory, not a notebook (a Markdown file)")
    }

    @Test func aBinaryFileIsNotText() throws {
        #expect(try error(reading: Data([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x00, 0x01])) ==
                "nb.md: error: not a text file (a NUL byte at offset 5); a notebook is Markdown text")
        #expect(try error(reading: Data([0x23, 0x20, 0xff, 0xfe])) == "nb.md: error: the notebook is not valid UTF-8 text")
        #expect(try error(reading: nil, name: "missing.md") == "missing.md: error: cannot read the notebook: no such file")
    }

    @Test func anUnclosedFenceIsReportedAtItsOpeningLine() throws {
        let text = "# T\n\n```swift {#a}\nlet x = 1\n```\n\nProse.\n\n```swift {#b}\nlet y = 2\n\nMore prose; with a semicolon.\n"
        #expect(throws: NotebookError(file: "nb.md", position: SourcePosition(line: 9, column: 1),
                                      message: "this code cell's fence is never closed: add a line '```' after its code")) {
            try Notebook(parsing: text, file: "nb.md")
        }
        let closed = try Notebook(parsing: "```swift\nlet y = 2\n````  \n", file: "nb.md")
        #expect(closed.cells.map(\.source) == ["let y = 2"])
        let empty = try Notebook(parsing: "~~~swift\n~~~\r\n", file: "nb.md")
        #expect(empty.cells.count == 1)
        // A lone carriage return ends a line for CommonMark, and so for the positions reported (found by fuzzing).
        #expect(throws: NotebookError(file: "nb.md", position: SourcePosition(line: 4, column: 1),
                                      message: "this code cell's fence is never closed: add a line '```' after its code")) {
            try Notebook(parsing: "\r```swift {#a}\n````\r```swift", file: "nb.md")
        }
    }
}
