import Foundation
import Notebook
import Report
import Runner
import Script
import Testing

/// Counts calls of `work(_:)`, the stand-in for an expensive builtin, so tests can see what re-ran.
final class CallCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [String: Int] = [:]

    func hit(_ name: String) { lock.withLock { counts[name, default: 0] += 1 } }
    func count(_ name: String) -> Int { lock.withLock { counts[name, default: 0] } }
    func reset() { lock.withLock { counts = [:] } }

    /// The standard library plus `work(_ tag:, input:)`, which counts its calls here and returns its input doubled.
    var registry: BuiltinRegistry {
        var registry = BuiltinRegistry.standard
        registry.register(Builtin("work", parameters: [.unlabeled("tag", .string), Parameter("input", .any, default: .null)],
                                  summary: "Counts its calls and returns its input doubled.") { [self] arguments, _ in
            hit(try arguments.string("tag"))
            if case .int(let value)? = arguments["input"] { return .int(2 * value) }
            return .int(0)
        })
        return registry
    }
}

@Suite struct NotebookRunnerTests {
    let counter = CallCounter()
    let cacheRoot = FileManager.default.temporaryDirectory.appendingPathComponent("runner-cache-\(UUID())")

    var registry: BuiltinRegistry { counter.registry }

    func run(_ text: String, overrides: [String] = [], refresh: Set<String> = [], useCache: Bool = true) throws -> RunOutcome {
        var options = RunOptions()
        options.overrides = overrides
        options.refresh = refresh
        options.useCache = useCache
        let runner = NotebookRunner(builtins: registry, restorers: [:], cache: CellCache(root: cacheRoot),
                                    progress: ProgressReporter(isTerminal: false, sink: { _ in }), options: options)
        return try runner.run(try Notebook(parsing: text, file: "nb.md"))
    }

    func notebook(prose: String = "Intro.", a: Int = 1, b: Int = 2) -> String {
        """
        # Test

        \(prose)

        ```swift {#parameters}
        let a = \(a)
        let b = \(b)
        ```

        ```swift {#uses-a cache=true}
        let x = work("a", input: a)
        ```

        ```swift {#uses-b cache=true}
        let y = work("b", input: b)
        ```

        ```swift {#uses-x cache=true}
        let z = work("x", input: x)
        z
        ```
        """
    }

    @Test func editingProseReRunsNothingCached() throws {
        _ = try run(notebook())
        counter.reset()
        let outcome = try run(notebook(prose: "Edited intro."))
        #expect(counter.count("a") == 0 && counter.count("b") == 0 && counter.count("x") == 0)
        #expect(outcome.results.cells.map(\.state) == ["ran", "cached", "cached", "cached"])
    }

    @Test func changingAParameterReRunsExactlyItsDependants() throws {
        _ = try run(notebook())
        counter.reset()
        _ = try run(notebook(a: 5))
        #expect(counter.count("a") == 1)
        #expect(counter.count("x") == 1)
        #expect(counter.count("b") == 0)
    }

    @Test func anOverrideActsLikeAnEditAndIsShown() throws {
        let outcome = try run(notebook(), overrides: ["b=7"])
        #expect(outcome.results.parameters["b"] == "7")
        #expect(counter.count("b") == 1)
        counter.reset()
        _ = try run(notebook(), overrides: ["b=7"])
        #expect(counter.count("b") == 0)
    }

    @Test func theParametersTableSaysWhatEachMeansAndWhatWasOverridden() throws {
        let text = """
        ```swift {#parameters}
        let trainMRs = 0        // 0 keeps every training MR
        let url = "a//b"
        let lr = 1e-3           // chosen in tuning.md
        ```
        """
        let outcome = try run(text, overrides: ["lr=2e-3"])
        let cells = outcome.document.blocks.compactMap { block -> ReportCell? in
            if case .cell(let cell) = block { return cell } else { return nil }
        }
        guard case .table(let table)? = cells.first?.outputs.first else {
            Issue.record("the parameters cell shows no table")
            return
        }
        #expect(table.columns.map(\.title) == ["name", "value", "meaning"])
        #expect(table.rows.map { $0[2] } == [.text("0 keeps every training MR"), .text(""),
                                              .text("overridden (default 0.001). chosen in tuning.md")])
    }

    @Test func aParametersTableWithoutNotesHasNoEmptyColumn() throws {
        let outcome = try run(notebook())
        let cells = outcome.document.blocks.compactMap { block -> ReportCell? in
            if case .cell(let cell) = block { return cell } else { return nil }
        }
        guard case .table(let table)? = cells.first?.outputs.first else {
            Issue.record("the parameters cell shows no table")
            return
        }
        #expect(table.columns.map(\.title) == ["name", "value"])
    }

    @Test func refreshAndNoCacheForceRuns() throws {
        _ = try run(notebook())
        counter.reset()
        _ = try run(notebook(), refresh: ["uses-b"])
        #expect(counter.count("b") == 1 && counter.count("a") == 0)
        counter.reset()
        _ = try run(notebook(), useCache: false)
        #expect(counter.count("a") == 1 && counter.count("b") == 1 && counter.count("x") == 1)
    }

    @Test func aCachedCellRestoresItsBindingsAndValue() throws {
        let first = try run(notebook())
        let second = try run(notebook())
        guard case .cell(let cell)? = second.document.blocks.last, case .text(let text)? = cell.outputs.first else {
            Issue.record("the last cell shows no text")
            return
        }
        #expect(text == "4")
        #expect(first.failure == nil && second.failure == nil)
    }

    @Test func anUnknownOverrideIsRejectedListingTheKnownNames() throws {
        #expect {
            try run(notebook(), overrides: ["c=1"])
        } throws: { error in
            let text = "\(error)"
            return text.contains("'c'") && text.contains("a") && text.contains("b")
        }
    }

    @Test func aFailingCellStopsTheRunWithItsPositionAndLaterCellsDoNotRun() throws {
        let text = notebook().replacingOccurrences(of: "let y = work(\"b\", input: b)", with: "let y = wrok(\"b\")")
        let outcome = try run(text)
        let failure = try #require(outcome.failure)
        #expect(failure.hasPrefix("nb.md:15:9: error:"))
        #expect(failure.contains("did you mean 'work'"))
        #expect(outcome.results.cells.map(\.state) == ["ran", "ran", "error", "not run"])
    }

    @Test func refreshingAnUnknownCellIsAnError() throws {
        #expect(throws: RunnerError.self) { try run(notebook(), refresh: ["nope"]) }
    }

    @Test func aCachedVarComesBackAsAVarSoALaterCellMayAssignIt() throws {
        let text = """
        ```swift {#declares cache=true}
        var total = work("declares", input: 1)
        ```

        ```swift {#assigns}
        total = total + 1
        total
        ```
        """
        let first = try run(text)
        #expect(first.failure == nil, "\(first.failure ?? "")")
        let second = try run(text)
        #expect(counter.count("declares") == 1)
        #expect(second.failure == nil, "\(second.failure ?? "")")
    }
}
