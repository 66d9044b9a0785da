import Testing
@testable import Script

@Suite struct InterpreterTests {
    @Test func intArithmeticStaysIntAndDivisionTruncates() throws {
        #expect(try evaluate("7 / 2") == .int(3))
        #expect(try evaluate("-7 % 3") == .int(-1))
        #expect(try evaluate("2 + 3 * 4") == .int(14))
    }

    @Test func mixingIntAndDoublePromotesToDouble() throws {
        #expect(try evaluate("let epochs = 5\nepochs * 0.5") == .double(2.5))
        #expect(try evaluate("1 / 4.0") == .double(0.25))
        #expect(try evaluate("7.5 % 2") == .double(1.5))
    }

    @Test func comparisonsWorkAcrossIntAndDoubleAndOnStrings() throws {
        #expect(try evaluate("1 == 1.0") == .bool(true))
        #expect(try evaluate("2 < 2.5 && \"abc\" < \"abd\"") == .bool(true))
        #expect(try evaluate("[1, 2] == [1, 2] && [\"a\": 1] != [\"a\": 2]") == .bool(true))
    }

    @Test func logicalOperatorsShortCircuit() throws {
        #expect(try evaluate("false && 1 / 0 == 1") == .bool(false))
        #expect(try evaluate("true || undefinedName") == .bool(true))
    }

    @Test func nilCoalescingPicksTheFallbackOnlyForNil() throws {
        #expect(try evaluate("let d = [\"a\": 1]\nd[\"b\"] ?? 0") == .int(0))
        #expect(try evaluate("let d = [\"a\": 1]\nd[\"a\"] ?? 0") == .int(1))
    }

    @Test func ternaryPicksABranch() throws {
        #expect(try evaluate("let rank = 4\nrank > 2 ? \"big\" : \"small\"") == .string("big"))
    }

    @Test func stringsConcatenateAndInterpolate() throws {
        #expect(try evaluate(#"let lr = 2e-4; let name = "lo" + "ra"; "\(name) lr=\(lr) xs=\([1, 2]) s=\(["a"])""#)
            == .string(#"lora lr=0.0002 xs=[1, 2] s=["a"]"#))
    }

    @Test func bindingsPersistAcrossCellsAndLaterCellsMayRedeclare() throws {
        let interpreter = Interpreter(builtins: .testing)
        try run("let lr = 1e-3\nvar count = 1", in: interpreter)
        try run("count += 1\nlet lr = lr * 2", in: interpreter)
        #expect(interpreter.value(of: "count") == .int(2))
        #expect(interpreter.value(of: "lr") == .double(2e-3))
    }

    @Test func typeAnnotationsConvertIntLiteralsToDouble() throws {
        #expect(try evaluate("let lr: Double = 1\nlr") == .double(1))
        #expect(try evaluate("var xs: [Double] = [1, 2]\nxs.append(3)\nxs") == .array([.double(1), .double(2), .double(3)]))
    }

    @Test func anAnnotatedDoubleVariableAcceptsIntAssignments() throws {
        #expect(try evaluate("var best: Double = 0.5\nbest = 1\nbest") == .double(1))
    }

    @Test func optionalVariablesHoldNilOrTheirType() throws {
        #expect(try evaluate("var best: Double? = nil\nlet before = best\nbest = 2\n[before, best]") == .array([.null, .double(2)]))
    }

    @Test func elementsAndEntriesCanBeAssigned() throws {
        #expect(try evaluate("var xs = [1, 2, 3]\nxs[1] = 20\nxs[2] += 1\nxs") == .array([.int(1), .int(20), .int(4)]))
        #expect(try evaluate("var d: [String: Int] = [:]\nd[\"a\"] = 1\nd[\"b\"] = 2\nd[\"a\"] = nil\nd")
            == .dictionary(ScriptDictionary([(key: .string("b"), value: .int(2))])))
        #expect(try evaluate("var grid = [[1, 2], [3, 4]]\ngrid[1][0] = 9\ngrid") == .array([.array([.int(1), .int(2)]), .array([.int(9), .int(4)])]))
    }

    @Test func appendGrowsAVarArray() throws {
        #expect(try evaluate("var xs: [Int] = []\nfor i in 0..<3 { xs.append(i * i) }\nxs.append(contentsOf: [10, 11])\nxs")
            == .array([0, 1, 4, 10, 11].map { .int($0) }))
    }

    @Test func appendAndElementAssignmentReachNestedContainers() throws {
        let source = "var d: [String: [Int]] = [\"a\": [1]]\nd[\"a\"].append(2)\nd[\"a\"][0] = 5\nvar xs = [1, 2, 3]\nxs[xs.count - 1] = xs[0]\n[d[\"a\"], xs]"
        #expect(try evaluate(source) == .array([.array([.int(5), .int(2)]), .array([.int(1), .int(2), .int(1)])]))
    }

    @Test func aDictionaryEntryCopiedBeforeAnUpdateKeepsItsOldValue() throws {
        let source = "var d = [\"a\": [1]]\nlet before = d\nd[\"a\"].append(2)\n[before[\"a\"], d[\"a\"]]"
        #expect(try evaluate(source) == .array([.array([.int(1)]), .array([.int(1), .int(2)])]))
    }

    @Test func forLoopsRunOverHalfOpenAndClosedRanges() throws {
        #expect(try evaluate("var s = 0\nfor i in 0..<4 { s += i }\nfor i in 1...3 { s += 10 * i }\ns") == .int(66))
    }

    @Test func forLoopsDestructureEnumeratedPairsAndDictionaries() throws {
        let source = """
        var parts: [String] = []
        for (i, x) in ["a", "b"].enumerated() { parts.append("\\(i)\\(x)") }
        for (k, v) in ["x": 1, "y": 2] { parts.append("\\(k)=\\(v)") }
        for c in "hé" { parts.append(c) }
        parts
        """
        #expect(try evaluate(source) == .array(["0a", "1b", "x=1", "y=2", "h", "é"].map { .string($0) }))
    }

    @Test func breakAndContinueAffectOnlyTheInnermostLoop() throws {
        let source = """
        var hits: [Int] = []
        for i in 0..<5 {
            if i == 1 { continue }
            if i == 4 { break }
            for j in 0..<10 { if j == 1 { break }; hits.append(i * 10 + j) }
        }
        hits
        """
        #expect(try evaluate(source) == .array([0, 20, 30].map { .int($0) }))
    }

    @Test func ifElseIfElseRunsTheFirstTrueBranch() throws {
        let source = "let x = 5\nvar r = \"\"\nif x < 3 { r = \"low\" } else if x < 10 { r = \"mid\" } else { r = \"high\" }\nr"
        #expect(try evaluate(source) == .string("mid"))
    }

    @Test func blockDeclarationsEndWithTheBlockAndMayShadow() throws {
        let interpreter = Interpreter(builtins: .testing)
        #expect(try evaluate("let x = 1\nvar seen = 0\nif true { let x = 2; seen = x }\n[x, seen]", in: interpreter) == .array([.int(1), .int(2)]))
        #expect(failure("if true { let inner = 1 }\ninner", in: interpreter)?.message.hasPrefix("cannot find 'inner' in scope") == true)
    }

    @Test func rangeExpressionsOutsideLoopsMakeArraysAndSlices() throws {
        #expect(try evaluate("1...3") == .array([.int(1), .int(2), .int(3)]))
        #expect(try evaluate("let xs = [5, 6, 7, 8]\nxs[1..<3]") == .array([.int(6), .int(7)]))
        #expect(try evaluate("let xs = [5, 6, 7, 8]\nxs[2...3]") == .array([.int(7), .int(8)]))
    }

    @Test func valuesHaveSwiftLikeMembers() throws {
        #expect(try evaluate("[3, 1, 2].count") == .int(3))
        #expect(try evaluate("[3, 1, 2].last") == .int(2))
        #expect(try evaluate("[].isEmpty") == .bool(true))
        #expect(try evaluate("let e: [Int] = []\ne.first") == .null)
        #expect(try evaluate("[3, 1.5, 2].sorted()") == .array([.double(1.5), .int(2), .int(3)]))
        #expect(try evaluate("[3, 1, 2].max()") == .int(3))
        #expect(try evaluate("[\"a\", \"b\"].joined(separator: \", \")") == .string("a, b"))
        #expect(try evaluate("[\"k\": 1].keys") == .array([.string("k")]))
        #expect(try evaluate("\"LoRA\".lowercased().hasPrefix(\"lo\")") == .bool(true))
        #expect(try evaluate("\"a b c\".split(separator: \" \")") == .array(["a", "b", "c"].map { .string($0) }))
        #expect(try evaluate("0.68034.rounded(toPlaces: 2)") == .double(0.68))
        #expect(try evaluate(".lora(rank: 4).rank") == .int(4))
    }

    @Test func numbersFormatForProseWithThousandsGrouped() throws {
        #expect(try evaluate("42061.formatted()") == .string("42,061"))
        #expect(try evaluate("1208576.formatted()") == .string("1,208,576"))
        #expect(try evaluate("(-1234567).formatted()") == .string("-1,234,567"))
        #expect(try evaluate("999.formatted()") == .string("999"))
        #expect(try evaluate("0.68034.formatted()") == .string("0.6803"))
        #expect(try evaluate("12345.678.formatted(decimals: 1)") == .string("12,345.7"))
        #expect(try evaluate("(-0.00001).formatted(decimals: 2)") == .string("0.00"))
        #expect(try evaluate("7.formatted(decimals: 2)") == .string("7.00"))
        #expect(throws: (any Error).self) { try evaluate("1.5.formatted(decimals: 40)") }
    }

    @Test func conversionsFollowSwift() throws {
        #expect(try evaluate("Int(2.9)") == .int(2))
        #expect(try evaluate("Int(\"12\")") == .int(12))
        #expect(try evaluate("Int(\"x\")") == .null)
        #expect(try evaluate("Double(3) / 2") == .double(1.5))
        #expect(try evaluate("String(1.5) + \"!\"") == .string("1.5!"))
        #expect(try evaluate("[min(1, 2.5), max(3, 2), abs(-4)]") == .array([.double(1), .int(3), .int(4)]))
    }

    @Test func builtinsBindLabelsInOrderWithDefaults() throws {
        let value = try evaluate("train(model: \"gpt2\", method: .lora(rank: 4), epochs: 2)")
        #expect(value == .dictionary(ScriptDictionary([
            (key: .string("model"), value: .string("gpt2")),
            (key: .string("method"), value: .symbol(Symbol("lora", arguments: [
                LabeledValue(label: "rank", value: .int(4)), LabeledValue(label: "alpha", value: .double(32)),
            ]))),
            (key: .string("lr"), value: .double(2e-4)),
            (key: .string("epochs"), value: .int(2)),
        ])))
    }

    @Test func intArgumentsAreAcceptedForDoubleParameters() throws {
        guard case .dictionary(let result) = try evaluate("train(model: \"m\", lr: 1)") else {
            Issue.record("expected a dictionary")
            return
        }
        #expect(result[.string("lr")] == .double(1))
    }

    @Test func showRecordsOutputsInOrderAndIsNotTheCellValue() throws {
        let result = try run("show(1)\nplot([1, 2], title: \"loss\")\nshow(\"two\")")
        #expect(result.outputs.map(\.value) == [
            .int(1), .dictionary(ScriptDictionary([(key: .string("plot"), value: .string("loss"))])), .string("two"),
        ])
        #expect(result.outputs.map(\.location.line) == [1, 2, 3])
        #expect(result.value == nil)
    }

    @Test func theCellValueIsTheLastExpressionStatement() throws {
        #expect(try run("let a = 2\na * 21").value == .int(42))
        #expect(try run("var a = 0\na = 1").value == nil)
        #expect(try run("let b = 1").value == nil)
        #expect(try run("let d = [\"a\": 1]\nd[\"missing\"]").value == .null)
        #expect(try run("var xs = [1]\nxs.append(2)").value == nil)
        #expect(try run("let run = fakeRun([1])\nrun.plot()").value == nil)
        #expect(try run("let run = fakeRun([1])\nrun.plot()\nString(show(1))").value == .string("nil"))
        #expect(try run("Int(\"x\")").value == .null)
    }

    @Test func outputsAndProgressStreamToTheHost() throws {
        nonisolated(unsafe) var streamed: [Value] = []
        nonisolated(unsafe) var progress: [String] = []
        let context = ExecutionContext(onOutput: { streamed.append($0.value) },
                                       onProgress: { progress.append("\($0.callee) \($0.message) \($0.fraction ?? -1)") })
        _ = try Interpreter(builtins: .testing).execute(try parse("show(1)\ntrain(model: \"m\")\nprint([1, \"a\"])"), context: context)
        #expect(streamed == [.int(1), .string("[1, \"a\"]")])
        #expect(progress == ["train epoch 1 0.5"])
    }

    @Test func hostObjectsExposeMembersAndMethods() throws {
        let source = "let run = fakeRun([2.5, 1.5, 1])\n[run.trainLoss.last, run.steps, run.loss(atStep: 1)]"
        #expect(try evaluate(source) == .array([.double(1), .int(3), .double(1.5)]))
    }

    @Test func theDefinedNamesAreReported() throws {
        #expect(try run("let a = 1\nvar b = 2\nb += a").defined == ["a", "b"])
    }

    @Test func hostDefinedNamesAreVisibleToCells() throws {
        let interpreter = Interpreter(builtins: .testing)
        interpreter.define("rank", as: .int(8))
        #expect(try evaluate("rank * 2", in: interpreter) == .int(16))
        #expect(interpreter.globalNames == ["rank"])
    }

    @Test func runningTheSameCellsTwiceGivesIdenticalResults() throws {
        let source = "var xs: [Double] = []\nfor i in 1...50 { xs.append(1.0 / Double(i)) }\nlet d = [\"sum\": xs.count, \"xs\": xs]\nshow(d)\nd"
        let first = try run(source)
        let second = try run(source)
        #expect(first == second)
        #expect(first.value?.fingerprint == second.value?.fingerprint)
    }
}
