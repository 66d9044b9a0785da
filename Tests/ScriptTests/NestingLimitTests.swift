import Foundation
import Testing
@testable import Script

/// Deep or long cells fail with a placed diagnostic instead of overflowing the stack, and everything
/// that the limit lets through can be analysed and run even on a small thread stack.
@Suite struct NestingLimitTests {
    private func nestingFailure(_ source: String) -> Diagnostic? {
        do {
            _ = try parse(source)
            return nil
        } catch let diagnostic as Diagnostic {
            return diagnostic
        } catch {
            Issue.record("not a diagnostic: \(error)")
            return nil
        }
    }

    @Test func twoThousandNestedParenthesesAreADiagnostic() throws {
        let source = "let x = " + String(repeating: "(", count: 2_000) + "1" + String(repeating: ")", count: 2_000)
        let diagnostic = try #require(nestingFailure(source))
        #expect(diagnostic.message.contains("nested too deeply"))
        #expect(diagnostic.line == 1)
        #expect(diagnostic.column > 8)
        #expect(diagnostic.description.hasPrefix("cell.md:1:"))
    }

    @Test func twoThousandNestedBracketsAreADiagnostic() throws {
        let source = "let x = " + String(repeating: "[", count: 2_000) + String(repeating: "]", count: 2_000)
        #expect(try #require(nestingFailure(source)).message.contains("nested too deeply"))
    }

    @Test func aSevenThousandTermSumIsADiagnosticNotACrash() throws {
        let source = "let x = 1" + String(repeating: " + 1", count: 7_000)
        let diagnostic = try #require(nestingFailure(source))
        #expect(diagnostic.message.contains("nested too deeply"))
    }

    @Test func longPrefixMemberCallAndSubscriptChainsAreDiagnostics() throws {
        let sources = [
            "let x = " + String(repeating: "-", count: 10_000) + "1",
            "let x = " + String(repeating: "!", count: 10_000) + "true",
            "let x = [1]" + String(repeating: ".count", count: 10_000),
            "let x = f" + String(repeating: "()", count: 10_000),
            "let x = [[1]]" + String(repeating: "[0]", count: 10_000),
            "let x = 1" + String(repeating: " ?? 1", count: 10_000),
            "let x = true" + String(repeating: " ? 1 : true", count: 10_000),
            String(repeating: "if true {\n", count: 2_000) + String(repeating: "}\n", count: 2_000),
            "let x: " + String(repeating: "[", count: 2_000) + "Int" + String(repeating: "]", count: 2_000) + " = []",
            "let s = " + String(repeating: "\"\\(", count: 2_000) + "1" + String(repeating: ")\"", count: 2_000),
        ]
        for source in sources {
            let diagnostic = nestingFailure(source)
            #expect(diagnostic?.message.contains("nested too deeply") == true, "\(source.prefix(20))...: \(String(describing: diagnostic))")
        }
    }

    @Test func chainsUpToTheLimitParseAnalyseAndRun() throws {
        let terms = Parser.maximumNesting - 10
        let source = "let x = y" + String(repeating: " + 1", count: terms - 1)
        let interpreter = Interpreter(builtins: .testing)
        interpreter.define("y", as: .int(1))
        let result = try run(source, in: interpreter)
        #expect(result.defined == ["x"])
        #expect(interpreter.value(of: "x") == .int(terms))
        #expect(CellDependencies(analyzing: try parse(source), builtins: []).reads == ["y"])
    }

    /// The deepest trees the parser accepts are parsed, analysed, run, hashed and freed on a 1 MiB stack
    /// (an eighth of the main thread's).
    @Test func theDeepestAcceptedCellsRunOnASmallStack() {
        let depth = Parser.maximumNesting / 2 - 5
        let sources = [
            "let a = " + String(repeating: "(1 + ", count: depth) + "1" + String(repeating: ")", count: depth),
            "let b = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth),
            "let c = 1" + String(repeating: " + 1", count: Parser.maximumNesting - 5),
            "var d = 0\n" + String(repeating: "if true {\n", count: Parser.maximumNesting - 5) + "d = 1\n"
                + String(repeating: "}\n", count: Parser.maximumNesting - 5),
            "let e = " + String(repeating: "-", count: Parser.maximumNesting - 5) + "x",
        ]
        let outcome = OnSmallStack.run(stackSize: 1024 * 1024) {
            var failures: [String] = []
            for source in sources {
                do {
                    let program = try parse(source)
                    let interpreter = Interpreter(builtins: .testing)
                    interpreter.define("x", as: .int(1))
                    _ = try interpreter.execute(program)
                    _ = CellDependencies(analyzing: program, builtins: [])
                    var hasher = Hasher()
                    program.hash(into: &hasher)
                    _ = program == program
                } catch {
                    failures.append("\(source.prefix(12)): \(error)")
                }
            }
            return failures
        }
        #expect(outcome == [])
    }

    /// Runaway recursion, even through a deeply nested body, stops with a diagnostic on a 1 MiB stack.
    @Test func recursionStopsBeforeTheStackRunsOut() {
        let depth = Parser.maximumNesting / 2 - 10
        let sources = [
            "func down(_ n: Int) -> Int { down(n + 1) }\ndown(0)",
            "func deep(_ n: Int) -> Int { " + String(repeating: "(1 + ", count: depth) + "deep(n + 1)"
                + String(repeating: ")", count: depth) + " }\ndeep(0)",
            "let f = { (g: Any, n: Int) -> Int in 0 }\nfunc a(_ n: Int) -> Int { [n].map { b($0) }[0] }\n"
                + "func b(_ n: Int) -> Int { a(n + 1) }\na(0)",
        ]
        let outcome = OnSmallStack.run(stackSize: 1024 * 1024) {
            sources.map { source -> String in
                do {
                    _ = try Interpreter(builtins: .testing).execute(try parse(source))
                    return "ran"
                } catch let diagnostic as Diagnostic {
                    return diagnostic.message.contains("recursed too deeply") ? "stopped" : diagnostic.description
                } catch {
                    return "\(error)"
                }
            }
        }
        #expect(outcome == ["stopped", "stopped", "stopped"])
    }

    @Test func nestedClosuresAndFunctionsCountTowardsTheLimit() {
        let sources = [
            "let f = " + String(repeating: "{ ", count: 2_000) + String(repeating: "} ", count: 2_000),
            String(repeating: "func f() {\n", count: 2_000) + String(repeating: "}\n", count: 2_000),
            String(repeating: "while true {\n", count: 2_000) + String(repeating: "}\n", count: 2_000),
            String(repeating: "switch 1 {\ndefault:\n", count: 2_000) + String(repeating: "}\n", count: 2_000),
            "let f = [1]" + String(repeating: ".map { $0 }", count: 5_000),
        ]
        for source in sources {
            let diagnostic = nestingFailure(source)
            #expect(diagnostic?.message.contains("nested too deeply") == true, "\(source.prefix(20))...: \(String(describing: diagnostic))")
        }
    }
}

/// Runs a closure on a new thread with a given stack size and waits for its result.
enum OnSmallStack {
    private final class Box<T>: @unchecked Sendable {
        var value: T?
        init() {}
    }

    static func run<T: Sendable>(stackSize: Int, _ body: @escaping @Sendable () -> T) -> T {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = body()
            done.signal()
        }
        thread.stackSize = stackSize
        thread.start()
        done.wait()
        return box.value!
    }
}
