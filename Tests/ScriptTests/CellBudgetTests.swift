import Testing
@testable import Script

/// Runaway cells stop with a placed error naming the cell and the budget, before memory or time runs out.
@Suite struct CellBudgetTests {
    func interpreter(memory: Double = 100e6, seconds: Double? = nil) -> Interpreter {
        let interpreter = Interpreter(builtins: .testing)
        // The process's resident memory is shared with parallel tests: only the test below limits it.
        interpreter.budget = CellBudget(memoryBytes: memory, seconds: seconds, residentBytes: .infinity)
        interpreter.cellName = "grow"
        return interpreter
    }

    @Test func stringDoublingStopsAtTheMemoryBudgetNamingTheCell() throws {
        let source = "var s = \"a\"\nfor _ in 0..<40 { s = s + s }"
        let diagnostic = try #require(failure(source, in: interpreter()))
        #expect(diagnostic.message.hasPrefix("cell 'grow' exceeded its memory budget: this String would take"))
        #expect(diagnostic.message.contains("more than the 100 MB allowed"))
        #expect(diagnostic.line == 2)
    }

    @Test func doublingByInterpolationArraysAndAppendAlsoStops() {
        let sources = [
            "var s = \"a\"\nfor _ in 0..<40 { s = \"\\(s)\\(s)\" }",
            "var xs = [1]\nfor _ in 0..<40 { xs = xs + xs }",
            "var xs = [1]\nfor _ in 0..<40 { xs.append(contentsOf: xs) }",
            "var xs = [\"ab\", \"cd\"]\nfor _ in 0..<40 { xs = [xs.joined(separator: xs.joined()), \"x\"] }",
        ]
        for source in sources {
            let diagnostic = failure(source, in: interpreter())
            #expect(diagnostic?.message.contains("exceeded its memory budget") == true, "\(source): \(String(describing: diagnostic))")
        }
    }

    @Test func anEndlessLoopStopsAtTheTimeBudget() throws {
        let diagnostic = try #require(failure("var n = 0\nfor i in 0..<1_000_000_000_000 { }", in: interpreter(memory: 1e12, seconds: 0.05)))
        #expect(diagnostic.message == "cell 'grow' exceeded its time budget of 0.1 s (front matter `budget:` → `time:`)")
        #expect(diagnostic.line == 2)
    }

    @Test func aProcessAboveItsResidentLimitStopsBetweenStatements() throws {
        let interpreter = interpreter()
        interpreter.budget.residentBytes = 1e6
        let diagnostic = try #require(failure("var n = 0\nfor i in 0..<10 { n += i }", in: interpreter))
        #expect(diagnostic.message.hasPrefix("cell 'grow' exceeded its memory budget: the process holds"))
        #expect(diagnostic.message.contains("more than the 1 MB allowed"))
    }

    @Test func cellsWithinTheBudgetRunAsBefore() throws {
        #expect(try evaluate("var s = \"a\"\nfor _ in 0..<10 { s = s + s }\ns.count", in: interpreter()) == .int(1024))
    }

    @Test func sizesAndDurationsParseWithTheirUnits() {
        #expect(CellBudget.bytes(parsing: "4 GB") == 4e9)
        #expect(CellBudget.bytes(parsing: "512MB") == 512e6)
        #expect(CellBudget.bytes(parsing: "1 GiB") == 1_073_741_824)
        #expect(CellBudget.bytes(parsing: "-1 GB") == nil)
        #expect(CellBudget.bytes(parsing: "lots") == nil)
        #expect(CellBudget.seconds(parsing: "90") == 90)
        #expect(CellBudget.seconds(parsing: "10 min") == 600)
        #expect(CellBudget.seconds(parsing: "2 h") == 7200)
        #expect(CellBudget.seconds(parsing: "nan") == nil)
        #expect(CellBudget.seconds(parsing: "0 s") == nil)
    }
}
