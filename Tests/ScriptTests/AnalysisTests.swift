import Testing
@testable import Script

@Suite struct AnalysisTests {
    private func dependencies(_ source: String) throws -> CellDependencies {
        CellDependencies(analyzing: try parse(source), builtins: Set(BuiltinRegistry.testing.names))
    }

    @Test func namesReadFromOutsideAreFreeAndBuiltinsAreNot() throws {
        let result = try dependencies("let run = train(model: model, lr: lr)\nshow(run)")
        #expect(result.reads == ["model", "lr"])
        #expect(result.defined == ["run"])
    }

    @Test func aNameDefinedBeforeItIsReadIsNotFree() throws {
        #expect(try dependencies("let a = 1\nlet b = a + 1").reads == [])
    }

    @Test func aNameReadBeforeItsDeclarationIsFree() throws {
        let result = try dependencies("show(total)\nlet total = 2")
        #expect(result.reads == ["total"])
        #expect(result.defined == ["total"])
    }

    @Test func aDeclarationsInitializerSeesTheOuterName() throws {
        let result = try dependencies("let lr = lr * 2")
        #expect(result.reads == ["lr"])
        #expect(result.defined == ["lr"])
    }

    @Test func loopVariablesAreLocalButOtherNamesInTheLoopAreFree() throws {
        let result = try dependencies("for (i, x) in xs.enumerated() { show(x * scale + i) }\nfor _ in 0..<n { }")
        #expect(result.reads == ["xs", "scale", "n"])
        #expect(result.defined == [])
    }

    @Test func blockDeclarationsDoNotLeakOrDefine() throws {
        let result = try dependencies("if flag { let y = 1; show(y) }\nshow(y)")
        #expect(result.reads == ["flag", "y"])
        #expect(result.defined == [])
    }

    @Test func shadowingInABlockDoesNotHideTheOuterRead() throws {
        let result = try dependencies("for i in 0..<2 { let base = base + i; show(base) }")
        #expect(result.reads == ["base"])
    }

    @Test func namesInsideStringInterpolationAreRead() throws {
        #expect(try dependencies(#"show("bleu \(scores.bleu) after \(epochs) epochs")"#).reads == ["scores", "epochs"])
    }

    @Test func reassigningAnOuterVarReadsAndDefinesIt() throws {
        let result = try dependencies("counter += 1\nhistory.append(counter)\nlast = counter")
        #expect(result.reads == ["counter", "history"])
        #expect(result.defined == ["counter", "history", "last"])
    }

    @Test func assigningInsideALoopDefinesTheOuterVariable() throws {
        let result = try dependencies("var total = 0\nfor x in xs { total += x }")
        #expect(result.reads == ["xs"])
        #expect(result.defined == ["total"])
    }

    @Test func assigningABlockLocalVariableDefinesNothing() throws {
        #expect(try dependencies("for x in xs { var t = 0; t += x }").defined == [])
    }

    @Test func elementAssignmentReadsTheIndexAndTheContainer() throws {
        let result = try dependencies("table[key] = value")
        #expect(result.reads == ["value", "key", "table"])
        #expect(result.defined == ["table"])
    }

    @Test func memberNamesAndImplicitMembersAreNotVariables() throws {
        let result = try dependencies("let r = train(model: m, method: .lora(rank: rank))\nshow(r.trainLoss)")
        #expect(result.reads == ["m", "rank"])
    }

    @Test func conditionsTernariesAndCollectionsAreRead() throws {
        let result = try dependencies("let v = a ? [b: c] : [d ?? e]\nif f > 0 { } else if g { } else { }")
        #expect(result.reads == ["a", "b", "c", "d", "e", "f", "g"])
    }

    @Test func theInterpreterReportsTheSameDefinedNames() throws {
        let source = "var total = 0\nfor x in [1, 2] { total += x; let local = x }\nlet mean = total / 2"
        #expect(try run(source).defined == (try dependencies(source)).defined)
        #expect(try run(source).defined == ["total", "mean"])
    }
}

/// Functions and closures in the dependency analysis that keys the cell cache.
extension AnalysisTests {
    @Test func callingAFunctionFromAnotherCellReadsIt() throws {
        #expect(try dependencies("let y = score(3)").reads == ["score"])
        #expect(try dependencies("let y = show(3)").reads == [])
    }

    @Test func aFunctionIsDefinedAndReadsWhatItsBodyReadsExceptItsParameters() throws {
        let result = try dependencies("func f(_ x: Int, y: Int = base) -> Int { x * scale + helper(y) + f(x) }")
        #expect(result.defined == ["f"])
        #expect(result.reads == ["base", "scale", "helper"])
    }

    @Test func topLevelFunctionsAreVisibleBeforeTheirDeclaration() throws {
        #expect(try dependencies("let a = f(1)\nfunc f(_ x: Int) -> Int { x }").reads == [])
    }

    @Test func closureParametersAndShorthandArgumentsAreLocal() throws {
        let result = try dependencies("let ys = xs.map { $0 * k }.filter { v in v > limit }")
        #expect(result.reads == ["xs", "k", "limit"])
        #expect(result.defined == ["ys"])
    }

    @Test func conditionBindingsAreLocalButGuardBindingsAreDefined() throws {
        let result = try dependencies("""
            if let a = table["a"], a > 1 { show(a) }
            guard let b = table["b"], b > lower else { fatalError() }
            let (c, _) = (b, 2)
            while let d = queue.first { show(d) }
            switch c { case 1: show(1)\ndefault: break }
            """)
        #expect(result.reads == ["table", "lower", "queue"])
        #expect(result.defined == ["b", "c"])
    }
}
