import Testing
@testable import Script

/// `func`, closures, `while`, `switch`, `guard`/`if let` and tuples, as a Swift user writes them.
@Suite struct FunctionAndControlFlowTests {
    private func ints(_ values: [Int]) -> Value { .array(values.map { .int($0) }) }

    private func expectError(_ source: String, _ expected: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let diagnostic = failure(source)
        #expect(diagnostic.map { "\($0.line):\($0.column): \($0.message)" } == expected, sourceLocation: sourceLocation)
    }

    @Test func functionsTakeLabelsDefaultsAndReturnTypes() throws {
        let source = """
            func scaled(_ x: Double, by factor: Double = 2, offset: Int = 0) -> Double {
                return x * factor + Double(offset)
            }
            [scaled(1.5), scaled(1, by: 3), scaled(1, offset: 4), scaled(2, by: 0.5, offset: 1)]
            """
        #expect(try evaluate(source) == .array([3.0, 3.0, 6.0, 2.0].map { .double($0) }))
    }

    @Test func aSingleExpressionBodyReturnsItsValue() throws {
        #expect(try evaluate("func square(_ n: Int) -> Int { n * n }\nsquare(7)") == .int(49))
    }

    @Test func functionsRecurseAndAreVisibleBeforeTheirDeclaration() throws {
        let source = """
            let first = fib(10)
            func fib(_ n: Int) -> Int {
                if n < 2 { return n }
                return fib(n - 1) + fib(n - 2)
            }
            first
            """
        #expect(try evaluate(source) == .int(55))
    }

    @Test func runawayRecursionStopsWithAClearError() {
        let diagnostic = failure("func down(_ n: Int) -> Int { down(n + 1) }\ndown(0)")
        #expect(diagnostic?.message.hasPrefix("'down' recursed too deeply") == true)
        #expect(diagnostic?.line == 1)
    }

    @Test func functionsDefinedInOneCellAreCalledFromTheNext() throws {
        let interpreter = Interpreter(builtins: .testing)
        try run("var scale = 2\nfunc times(_ x: Int) -> Int { x * scale }", in: interpreter)
        #expect(try evaluate("times(5)", in: interpreter) == .int(10))
        try run("scale = 3", in: interpreter)
        #expect(try evaluate("times(5)", in: interpreter) == .int(15))
    }

    @Test func argumentErrorsNameTheParameter() {
        expectError("func f(x: Int) -> Int { x }\nf(y: 1)", "2:3: unknown argument 'y' to f(...)")
        expectError("func f(x: Int) -> Int { x }\nf(x: \"a\")", "2:3: argument 'x' of f(...) expects Int, got String")
        expectError("func f(x: Int) -> Int { x }\nf()", "2:1: missing argument 'x' in call to f(...)")
        expectError("func scale(x: Int) -> Int { x }\nscal(x: 1)", "2:1: cannot find 'scal' in scope (did you mean 'scale'?)")
        expectError("func f(x: Int) -> Int {\n  if x > 0 { return 1 }\n}\nf(x: 0)",
                    "1:6: missing return in 'f', which is declared to return 'Int'")
        expectError("func f() -> Int { return \"a\" }\nf()", "2:1: the return value of 'f' expects Int, got String")
        expectError("func f(x) { }", "1:9: parameter 'x' of 'f' needs a type: write 'x: Int' (or Double, String, Bool, [Int], Any ...)")
        expectError("return 1", "1:1: 'return' is only allowed inside a function or a closure")
        expectError("func show() { }", "1:6: 'show' is a builtin; choose another name")
    }

    @Test func closuresWorkWithMapFilterReduceSortedAndForEach() throws {
        let source = """
            let xs = [3, 1, 2]
            var total = 0
            xs.forEach { total += $0 }
            let doubled = xs.map { $0 * 2 }
            let odd = xs.filter { x in x % 2 == 1 }
            let sum = xs.reduce(0) { $0 + $1 }
            let product = xs.reduce(1, *)
            let down = xs.sorted { $0 > $1 }
            let up = xs.sorted(by: <)
            let labels = xs.map { (n: Int) -> String in "n\\(n)" }
            [doubled, odd, [sum, product, total], down, up, labels]
            """
        #expect(try evaluate(source) == .array([ints([6, 2, 4]), ints([3, 1]), ints([6, 6, 6]), ints([3, 2, 1]),
                                                ints([1, 2, 3]), .array(["n3", "n1", "n2"].map { .string($0) })]))
    }

    @Test func closuresInsideFunctionsShareTheFunctionsVariables() throws {
        let source = """
            func total(_ xs: [Int]) -> Int {
                var sum = 0
                xs.forEach { sum += $0 }
                return sum
            }
            total([1, 2, 3, 4])
            """
        #expect(try evaluate(source) == .int(10))
    }

    @Test func aClosureKeepsTheLocalsItCapturedAfterTheirScopeEnds() throws {
        let source = """
            func adder(_ n: Int) -> (Int) -> Int {
                let step = n * 10
                return { $0 + step }
            }
            let addThirty = adder(3)
            addThirty(4)
            """
        #expect(try evaluate(source) == .int(34))
    }

    @Test func dictionaryClosuresTakeKeyAndValue() throws {
        let source = """
            let scores = ["a": 3, "b": 1, "c": 2]
            scores.sorted { $0.1 < $1.1 }.map { key, value in "\\(key)=\\(value)" }
            """
        #expect(try evaluate(source) == .array(["b=1", "c=2", "a=3"].map { .string($0) }))
    }

    @Test func closureMisuseIsExplained() {
        expectError("[1].map { 1 }", "1:5: map passes 1 argument to a closure that takes 0 arguments (use $0 in it)")
        expectError("[1].filter { $0 }", "1:5: the closure of filter(_:) must return a Bool, got a value of type 'Int'")
        expectError("let f = $0", "1:9: anonymous closure argument '$0' is not inside a closure")
        expectError("[1].map { x in $0 }", "1:16: anonymous closure arguments like '$0' cannot be used where parameters are named")
    }

    @Test func whileAndRepeatLoop() throws {
        let source = """
            var n = 27
            var steps = 0
            while n != 1 {
                n = n % 2 == 0 ? n / 2 : 3 * n + 1
                steps += 1
            }
            var k = 0
            repeat { k += 5 } while k < 12
            [steps, k]
            """
        #expect(try evaluate(source) == ints([111, 15]))
    }

    @Test func whileStopsAtTheCellsTimeBudget() {
        let interpreter = Interpreter(builtins: .testing)
        interpreter.budget = CellBudget(memoryBytes: 1e9, seconds: 0.05, residentBytes: .infinity)
        let diagnostic = failure("var i = 0\nwhile true { i += 1 }", in: interpreter)
        #expect(diagnostic?.message.contains("time budget") == true)
    }

    @Test func switchMatchesValuesRangesAndSeveralPatterns() throws {
        let source = """
            func grade(_ score: Double) -> String {
                switch score {
                case 0.9...1.0: return "A"
                case 0.5..<0.9: return "B"
                default: return "C"
                }
            }
            func kind(_ word: String) -> String {
                switch word {
                case "lora", "LoRA": return "adapter"
                case "full": return "everything"
                default: return "?"
                }
            }
            var found: [String] = []
            for n in [1, 5, 42] {
                switch n {
                case 1, 2: found.append("small")
                case 3..<10:
                    found.append("medium")
                default:
                    found.append("large")
                    break
                }
            }
            [grade(0.95), grade(0.6), grade(0.1), kind("LoRA"), kind("full"), kind("x")] + found
            """
        #expect(try evaluate(source) == .array(["A", "B", "C", "adapter", "everything", "?", "small", "medium", "large"]
            .map { .string($0) }))
    }

    @Test func switchMistakesAreExplained() {
        expectError("switch 1 {\ncase 1: show(1)\n}", "1:1: switch must be exhaustive; add a 'default:' case")
        expectError("switch 1 {\ncase 1:\ndefault: show(1)\n}", "2:1: 'case' label in a 'switch' must have at least one statement; write 'break' to do nothing")
        expectError("switch 1 {\ncase \"a\": show(1)\ndefault: break\n}", "2:6: a case pattern of type 'String' cannot match a switch value of type 'Int'")
    }

    @Test func optionalsUnwrapWithIfLetAndGuardLet() throws {
        let source = """
            let table = ["lr": 0.5]
            var seen: [String] = []
            if let lr = table["lr"], lr > 0.1 {
                seen.append("lr \\(lr)")
            }
            if let missing = table["rank"] {
                seen.append("rank \\(missing)")
            } else {
                seen.append("no rank")
            }
            func firstEven(_ xs: [Int]) -> Int {
                guard let index = xs.firstIndex(where: { $0 % 2 == 0 }) else { return -1 }
                return xs[index]
            }
            guard let best = [3, 8, 5].max() else { fatalError("empty") }
            seen + ["\\(firstEven([1, 4, 6]))", "\\(firstEven([1]))", "\\(best)"]
            """
        #expect(try evaluate(source) == .array(["lr 0.5", "no rank", "4", "-1", "8"].map { .string($0) }))
    }

    @Test func guardMustLeave() {
        expectError("guard true else { show(1) }", "1:17: 'guard' body must not fall through; end it with 'return', 'break', 'continue' or 'fatalError(\"...\")'")
        expectError("let none: [Int] = []\nguard let x = none.first else { fatalError(\"no x\") }", "2:33: fatal error: no x")
    }

    @Test func tuplesDestructureAndIndex() throws {
        let source = """
            func minMax(_ xs: [Int]) -> (Int, Int) {
                var low = xs[0]
                var high = xs[0]
                for x in xs {
                    low = min(low, x)
                    high = max(high, x)
                }
                return (low, high)
            }
            let (low, high) = minMax([4, 9, 2])
            let pair = ("rank", 4)
            var (a, _) = (1, 2)
            a += 1
            [low, high, pair.1, a]
            """
        #expect(try evaluate(source) == ints([2, 9, 4, 2]))
        expectError("let (a, b) = (1, 2, 3)", "1:14: cannot destructure a value of type '[Int]' into the pattern (a, b): it needs a tuple of 2 elements")
    }

    @Test func returnLeavesLoopsAndSwitchBreakOnlyLeavesTheSwitch() throws {
        let source = """
            func firstOver(_ limit: Int, in xs: [Int]) -> Int? {
                for x in xs {
                    switch x {
                    case 0: continue
                    default: break
                    }
                    if x > limit { return x }
                }
                return nil
            }
            let maybe: Int? = firstOver(2, in: [0, 1, 5, 9])
            var found: [Int] = []
            if let maybe { found.append(maybe) }
            var queue = [3, 4]
            while let next = queue.first {
                found.append(next)
                queue = queue.filter { $0 != next }
            }
            [found, [firstOver(100, in: [1]) ?? -1]]
            """
        #expect(try evaluate(source) == .array([ints([5, 3, 4]), ints([-1])]))
    }
}
