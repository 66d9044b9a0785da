import Foundation
import Notebook
@testable import Runner
import Script
import Testing

/// A damaged cache entry is reported in one line and the cell runs again; it never stops or crashes a run.
@Suite struct CacheRecoveryTests {
    let counter = CallCounter()
    let cacheRoot = FileManager.default.temporaryDirectory.appendingPathComponent("recovery-cache-\(UUID())")

    let text = """
    # T

    ```swift {#work cache=true}
    let x = work("a", input: 3)
    let d = ["k": x]
    x
    ```
    """

    func run(cache root: URL? = nil) throws -> (RunOutcome, [String]) {
        let registry = counter.registry
        let lines = LineCollector()
        let runner = NotebookRunner(builtins: registry, restorers: [:], cache: CellCache(root: root ?? cacheRoot),
                                    progress: ProgressReporter(isTerminal: false, sink: { lines.append($0) }),
                                    options: RunOptions())
        return (try runner.run(try Notebook(parsing: text, file: "nb.md")), lines.lines)
    }

    /// The one entry folder of the cache.
    func entryFolder() throws -> URL {
        let names = try FileManager.default.contentsOfDirectory(atPath: cacheRoot.path).filter { !$0.hasPrefix(".") }
        try #require(names.count == 1)
        return cacheRoot.appendingPathComponent(names[0])
    }

    /// Rewrites the entry's cell.json and, when `resign`, its digest too, as a consistent but wrong entry.
    func rewriteCellJSON(_ edit: (inout [String: Any]) -> Void, resign: Bool) throws {
        let folder = try entryFolder()
        let url = folder.appendingPathComponent("cell.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        edit(&json)
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        if resign {
            try Data(CellCache.digest(of: folder).utf8).write(to: folder.appendingPathComponent(CellCache.completeMarker))
        }
    }

    func expectRerunWithOneNote(_ lines: [String], _ outcome: RunOutcome) {
        #expect(counter.count("a") == 2)
        #expect(outcome.failure == nil)
        #expect(lines.filter { $0.contains("ignoring its cached result") }.count == 1)
        #expect(outcome.results.cells.first?.state == "ran")
    }

    @Test func mismatchedArraysInAValidCellJSONAreIgnoredAndTheCellRunsAgain() throws {
        _ = try run()
        try rewriteCellJSON({ $0["values"] = [] }, resign: true)
        let (outcome, lines) = try run()
        expectRerunWithOneNote(lines, outcome)
        #expect(lines.contains { $0.contains("lists 2 names but 0 values") })
        // The bad entry was replaced by a good one.
        counter.reset()
        let (third, _) = try run()
        #expect(counter.count("a") == 0 && third.results.cells.first?.state == "cached")
    }

    @Test func aDictionaryWithMoreKeysThanValuesIsIgnored() throws {
        _ = try run()
        try rewriteCellJSON({ json in
            json["values"] = [["int": ["_0": 6]], ["dictionary": ["keys": [["string": ["_0": "k"]], ["string": ["_0": "j"]]],
                                                                  "values": [["int": ["_0": 6]]]]]]
        }, resign: true)
        let (outcome, lines) = try run()
        expectRerunWithOneNote(lines, outcome)
    }

    @Test func aCacheThatCannotBeWrittenIsSaidOnceAndTheRunSucceeds() throws {
        try FileManager.default.createDirectory(at: cacheRoot, withIntermediateDirectories: true)
        let file = cacheRoot.appendingPathComponent("plain-file")
        try Data().write(to: file)
        let (outcome, lines) = try run(cache: file.appendingPathComponent("cache"))
        #expect(outcome.failure == nil)
        #expect(lines.filter { $0.hasPrefix("cache: cannot store results in") }.count == 1)
    }

    @Test func anEntryFromBeforeDigestsIsRestoredAndSealed() throws {
        _ = try run()
        let marker = try entryFolder().appendingPathComponent(CellCache.completeMarker)
        try Data().write(to: marker)
        let (outcome, lines) = try run()
        #expect(counter.count("a") == 1 && outcome.results.cells.first?.state == "cached")
        #expect(lines.allSatisfy { !$0.contains("ignoring") })
        #expect(try Data(contentsOf: marker).count == 64)
    }

    @Test func flippedBytesInAnEntryAreCaughtByItsDigest() throws {
        _ = try run()
        let url = try entryFolder().appendingPathComponent("cell.json")
        var bytes = try Data(contentsOf: url)
        let index = try #require(bytes.firstIndex(of: UInt8(ascii: "6")))
        bytes[index] = UInt8(ascii: "7")
        try bytes.write(to: url)
        let (outcome, lines) = try run()
        expectRerunWithOneNote(lines, outcome)
        #expect(lines.contains { $0.contains("do not match the digest") })
    }
}

final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    func append(_ line: String) { lock.withLock { stored.append(line) } }
    var lines: [String] { lock.withLock { stored } }
}
