import Testing
@testable import Script

@Suite struct ParserTests {
    @Test func multiplicationBindsTighterThanAddition() throws {
        #expect(try parsedExpression("1 + 2 * 3 - 4") == "(- (+ 1 (* 2 3)) 4)")
    }

    @Test func logicalOperatorsFollowSwiftPrecedence() throws {
        #expect(try parsedExpression("a || b && c == d") == "(|| a (&& b (== c d)))")
    }

    @Test func rangesBindLooserThanArithmetic() throws {
        #expect(try parsedExpression("0..<n + 1") == "(..< 0 (+ n 1))")
    }

    @Test func nilCoalescingIsRightAssociative() throws {
        #expect(try parsedExpression("a ?? b ?? 1") == "(?? a (?? b 1))")
    }

    @Test func ternaryIsRightAssociativeAndLowest() throws {
        #expect(try parsedExpression("a > 1 ? x : b ? y : z") == "(? (> a 1) x (? b y z))")
    }

    @Test func negativeLiteralsFoldAndUnaryAppliesToExpressions() throws {
        #expect(try parsedExpression("-2e-4 + -x * !flag") == "(+ -0.0002 (* (- x) (! flag)))")
    }

    @Test func callsTakeLabelledArgumentsAndTrailingCommas() throws {
        #expect(try parsedExpression("train(model, method: .lora(rank: 4, alpha: 32), lr: 2e-4,)")
            == "train(model, method: .lora(rank: 4, alpha: 32), lr: 0.0002)")
    }

    @Test func postfixChainsMembersSubscriptsAndCalls() throws {
        #expect(try parsedExpression("runs[0].trainLoss.last") == "runs[0].trainLoss.last")
        #expect(try parsedExpression("run.loss(atStep: 2)") == "run.loss(atStep: 2)")
        #expect(try parsedExpression("d[\"k\"][1]") == "d[\"k\"][1]")
    }

    @Test func collectionLiteralsIncludingEmptyOnes() throws {
        #expect(try parsedExpression("[1, 2,]") == "[1, 2]")
        #expect(try parsedExpression("[\"a\": 1, \"b\": 2]") == "[\"a\": 1, \"b\": 2]")
        #expect(try parsedExpression("[]") == "[]")
        #expect(try parsedExpression("[:]") == "[:]")
    }

    @Test func interpolationIsParsedAsAnExpression() throws {
        #expect(try parsedExpression(#""bleu \(scores.bleu * 100)""#) == #""bleu \((* scores.bleu 100))""#)
    }

    @Test func aBinaryOperatorStartingALineContinuesTheExpression() throws {
        let program = try parse("let total = 1\n    + 2\nshow(total)")
        #expect(program.statements.count == 2)
        guard case .declaration(let declaration) = program.statements[0].kind else {
            Issue.record("expected a declaration")
            return
        }
        #expect(sexpr(declaration.value) == "(+ 1 2)")
    }

    @Test func aPrefixOperatorStartingALineStartsAStatement() throws {
        let program = try parse("x\n-y")
        #expect(program.statements.count == 2)
    }

    @Test func aParenthesisOnANewLineIsNotACall() throws {
        #expect(try parse("f\n(1)").statements.count == 2)
    }

    @Test func aMemberOnTheNextLineContinuesTheChain() throws {
        #expect(try parsedExpression("xs\n  .count") == "xs.count")
    }

    @Test func semicolonsSeparateStatementsOnALine() throws {
        #expect(try parse("let a = 1; let b = 2;; show(a)").statements.count == 3)
    }

    @Test func declarationsKeepTheirTypeAnnotations() throws {
        let program = try parse("let lr: Double = 1\nvar xs: [Int]? = nil\nlet d: [String: [Double]] = [:]\nlet r: TrainingRun = x")
        let types = program.statements.compactMap { statement -> ScriptType? in
            guard case .declaration(let declaration) = statement.kind else { return nil }
            return declaration.type
        }
        #expect(types == [.double, .optional(.array(.int)), .dictionary(key: .string, value: .array(.double)), .object("TrainingRun")])
    }

    @Test func ifElseIfElseKeepsEveryBranch() throws {
        let program = try parse("if a { x } else if b { y } else { z }")
        guard case let .conditional(branches, otherwise) = program.statements[0].kind else {
            Issue.record("expected a conditional")
            return
        }
        #expect(branches.map { $0.conditions.map { condition -> String in
            guard case .boolean(let expression) = condition else { return "binding" }
            return sexpr(expression)
        } } == [["a"], ["b"]])
        #expect(otherwise?.count == 1)
    }

    @Test func forLoopsTakeTupleAndWildcardPatterns() throws {
        let program = try parse("for (i, x) in xs.enumerated() { }\nfor _ in 1...3 { }")
        guard case .loop(let first) = program.statements[0].kind, case .loop(let second) = program.statements[1].kind else {
            Issue.record("expected two loops")
            return
        }
        #expect(first.names == ["i", "x"] && first.isTuplePattern)
        #expect(sexpr(first.sequence) == "xs.enumerated()")
        #expect(second.names == ["_"] && sexpr(second.sequence) == "(... 1 3)")
    }

    @Test func compoundAssignmentsRecordTheirOperator() throws {
        let program = try parse("total += x\nxs[0] = 1")
        guard case let .assignment(target, operation, _) = program.statements[0].kind,
              case let .assignment(elementTarget, elementOperation, _) = program.statements[1].kind else {
            Issue.record("expected two assignments")
            return
        }
        #expect(sexpr(target) == "total" && operation == .add)
        #expect(sexpr(elementTarget) == "xs[0]" && elementOperation == nil)
    }

    @Test func statementsRecordTheirStartPositions() throws {
        let program = try parse("let a = 1\n  show(a)", file: "nb.md", line: 10, column: 1)
        #expect(program.statements.map(\.location) == [
            SourceLocation(file: "nb.md", line: 10, column: 1), SourceLocation(file: "nb.md", line: 11, column: 3),
        ])
    }
}
