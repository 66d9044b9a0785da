import Foundation
import Notebook
@testable import Runner
import Report
import Script
import Testing

/// The cache keys on the engine's build: another build never reuses a result, and a reused one says which build
/// computed it, in the page and in results.json.
@Suite struct EngineBuildKeyTests {
    let counter = CallCounter()
    let cacheRoot = FileManager.default.temporaryDirectory.appendingPathComponent("build-cache-\(UUID())")

    let text = """
    ```swift {#work cache=true}
    let x = work("a", input: 3)
    ```
    """

    func run(build: String, data: String = "") throws -> RunOutcome {
        var options = RunOptions()
        options.engineBuild = build
        options.dataFingerprint = data
        options.metadata = [(key: "commit", value: "abc1234")]
        let runner = NotebookRunner(builtins: counter.registry, restorers: [:], cache: CellCache(root: cacheRoot),
                                    progress: ProgressReporter(isTerminal: false, sink: { _ in }), options: options)
        return try runner.run(try Notebook(parsing: text, file: "nb.md"))
    }

    @Test func anotherBuildRunsTheCellAgainAndACachedCellNamesItsBuild() throws {
        defer { try? FileManager.default.removeItem(at: cacheRoot) }
        let first = try run(build: "1111111111111111aaaa")
        #expect(first.results.cells[0].madeBy == nil)
        let again = try run(build: "1111111111111111aaaa")
        #expect(counter.count("a") == 1)
        let provenance = try #require(again.results.cells[0].madeBy)
        #expect(provenance.build == "111111111111")
        #expect(provenance.commit == "abc1234")
        let page = ReportPage.render(again.document)
        #expect(page.contains("by engine build 111111111111 (commit abc1234)"))

        let rebuilt = try run(build: "2222222222222222bbbb")
        #expect(counter.count("a") == 2)
        #expect(rebuilt.results.cells[0].state == "ran")
        #expect(rebuilt.results.metadata["engine build"] == "222222222222")
    }

    @Test func otherDataRunsTheCellAgainAndTheRunNamesItsData() throws {
        defer { try? FileManager.default.removeItem(at: cacheRoot) }
        let first = try run(build: "1111", data: "data-one")
        #expect(first.results.metadata["data"] == "data-one")
        _ = try run(build: "1111", data: "data-one")
        #expect(counter.count("a") == 1)
        let other = try run(build: "1111", data: "data-two")
        #expect(counter.count("a") == 2)
        #expect(other.results.cells[0].state == "ran")
        #expect(try run(build: "1111").results.metadata["data"] == nil)
    }

    @Test func aValueTheCacheCannotStoreIsSaidInOneLineAndTheCellRunsAgain() throws {
        defer { try? FileManager.default.removeItem(at: cacheRoot) }
        var registry = counter.registry
        registry.register(Builtin("opaque", summary: "An object the cache cannot store.") { [counter] _, _ in
            counter.hit("opaque")
            return .object(Opaque())
        })
        let lines = LineCollector()
        for _ in 0..<2 {
            let runner = NotebookRunner(builtins: registry, restorers: [:], cache: CellCache(root: cacheRoot),
                                        progress: ProgressReporter(isTerminal: false, sink: { lines.append($0) }), options: RunOptions())
            let outcome = try runner.run(try Notebook(parsing: "```swift {#held cache=true}\nlet o = opaque()\n```", file: "nb.md"))
            #expect(outcome.failure == nil)
        }
        #expect(counter.count("opaque") == 2)
        let notes = lines.lines.filter { $0.contains("[held] not cached: values of type 'Opaque' cannot be cached") }
        #expect(notes.count == 2)
    }
}

/// A host object with no way to persist it.
private final class Opaque: ScriptObject {
    var typeName: String { "Opaque" }
    var memberNames: [String] { [] }
    func member(_ name: String) throws -> Value? { nil }
    var fingerprint: String { "opaque" }
}
