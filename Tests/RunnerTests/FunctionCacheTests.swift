import Foundation
import Notebook
@testable import Runner
import Script
import Testing

/// A cell calling a function an earlier cell defined depends on that function: on its body and on the
/// values it reads. Changing either re-runs the calling cell; changing neither reuses its cached result.
@Suite struct FunctionCacheTests {
    let counter = CallCounter()
    let cacheRoot = FileManager.default.temporaryDirectory.appendingPathComponent("function-cache-\(UUID())")

    func run(_ text: String) throws -> RunOutcome {
        let runner = NotebookRunner(builtins: counter.registry, restorers: [:], cache: CellCache(root: cacheRoot),
                                    progress: ProgressReporter(isTerminal: false, sink: { _ in }), options: RunOptions())
        return try runner.run(try Notebook(parsing: text, file: "nb.md"))
    }

    func notebook(body: String, scale: Int = 2) -> String {
        """
        # Functions

        ```swift {#scale}
        let scale = \(scale)
        ```

        ```swift {#defines}
        func score(_ x: Int) -> Int { \(body) }
        let unused = 0
        ```

        ```swift {#calls cache=true}
        let result = [1, 2, 3].map { score($0) }.reduce(0, +) + work("calls", input: 1)
        result
        ```
        """
    }


    @Test func changingTheFunctionBodyOrWhatItReadsReRunsItsCallers() throws {
        let first = try run(notebook(body: "x * scale"))
        #expect(first.failure == nil)
        #expect(counter.count("calls") == 1)

        _ = try run(notebook(body: "x * scale"))
        #expect(counter.count("calls") == 1, "same body, same scale: the calling cell comes from the cache")

        _ = try run(notebook(body: "x * scale + 1"))
        #expect(counter.count("calls") == 2, "a changed body re-runs the calling cell")

        _ = try run(notebook(body: "x * scale + 1", scale: 5))
        #expect(counter.count("calls") == 3, "a changed value the function reads re-runs the calling cell")

        _ = try run(notebook(body: "x * scale + 1", scale: 5))
        #expect(counter.count("calls") == 3)
    }
}
