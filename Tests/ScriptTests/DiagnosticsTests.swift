import Testing
@testable import Script

/// Every error names its exact notebook position; `description` is the one line a user reads.
@Suite struct DiagnosticsTests {
    private func expectError(_ source: String, _ expected: String, line: Int = 1, column: Int = 1,
                             in interpreter: Interpreter = Interpreter(builtins: .testing),
                             sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let diagnostic = failure(source, in: interpreter, line: line, column: column)
        #expect(diagnostic.map { "\($0.line):\($0.column): \($0.message)" } == expected, sourceLocation: sourceLocation)
    }

    @Test func descriptionIsOneLineWithFileLineAndColumn() {
        let diagnostic = failure("let x = 1\nx = 2")
        #expect(diagnostic?.description
            == "cell.md:2:1: error: cannot assign to value: 'x' is a 'let' constant; note: change 'let' to 'var' at cell.md:1:1 to make it mutable")
    }

    @Test func positionsAreTheNotebooksOwn() {
        expectError("let a = 1\nshow(b)", "43:6: cannot find 'b' in scope", line: 42)
        expectError("let a = 1\nshow(b)", "43:9: cannot find 'b' in scope", line: 42, column: 4)
        expectError("let s = \"abc", "7:12: unterminated string literal", line: 7, column: 4)
    }

    @Test func lexicalErrors() {
        expectError("let s = \"abc", "1:9: unterminated string literal")
        expectError("let s = \"a\\qb\"", "1:11: invalid escape sequence '\\q' in string literal")
        expectError("let s = \"\\u{110000}\"", "1:10: invalid unicode scalar in \\u{...} escape")
        expectError("x\n/* open /* nested */\n x", "2:1: unterminated '/*' comment")
        expectError("let x = 1e", "1:11: expected a digit in floating point exponent")
        expectError("let x = 12abc", "1:11: 'a' is not a valid digit in integer literal")
        expectError("99999999999999999999", "1:1: integer literal '99999999999999999999' overflows Int")
        expectError("let a = b & c", "1:11: unexpected character '&' in cell; use '&&' for logical and")
        expectError("let s = 'a'", "1:9: unexpected character ''' in cell; strings use double quotes")
        expectError("show(\"\\(x\n)\")", "1:6: unterminated string literal")
    }

    @Test func multilineStringErrors() {
        expectError("let s = \"\"\"\n    one\n  two\n    \"\"\"", "3:1: insufficient indentation of line in multi-line string literal")
        expectError("let s = \"\"\" text\n\"\"\"", "1:13: multi-line string literal content must begin on a new line")
        expectError("let s = \"\"\"\n  never closed", "1:9: unterminated string literal")
    }

    @Test func syntaxErrors() {
        expectError("let x = 1 let y = 2", "1:11: consecutive statements on a line must be separated by ';'")
        expectError("let x = (1 + 2", "1:15: expected ')' after expression, found end of cell")
        expectError("if x {\n  show(1)", "2:10: expected '}' at end of block, found end of cell")
        expectError("train(model: \"a\" lr: 1)", "1:18: expected ')' in argument list, found 'lr'")
        expectError("let x = [1, 2", "1:14: expected ']' in array literal, found end of cell")
        expectError("1 < 2 < 3", "1:7: adjacent operators are in non-associative precedence group 'ComparisonPrecedence'")
        expectError("let = 3", "1:5: expected a name after 'let', found '='")
        expectError("var x", "1:5: 'var x' needs an initial value: write 'var x = ...'")
        expectError("if x = 1 { }", "1:6: '=' assigns and cannot be a condition; use '==' to compare")
        expectError("if x show(1)", "1:6: expected '{' after 'if' condition, found 'show'")
        expectError("for i 0..<3 { }", "1:7: expected 'in' after the for-in pattern, found '0'")
        expectError("break", "1:1: 'break' is only allowed inside a loop or a switch")
        expectError("run.loss = 3", "1:5: cannot assign to member 'loss': only variables and their elements can be assigned")
        expectError("let x = 1 +", "1:12: expected expression, found end of cell")
        expectError("let t = (x: 1, y: 2)", "1:10: tuple element labels are not supported; write '(a, b)' and read '.0', '.1'")
        expectError("show(\"\\(1 +)\")", "1:12: expected expression, found ')'")
        expectError("show(\"\\()\")", "1:9: empty interpolation: write an expression inside '\\( )'")
        expectError("x?.count", "1:2: optional chaining is not supported; put spaces around '?' for a conditional")
    }

    @Test func errorsCarryNotesPointingAtTheOpeningBracket() {
        #expect(failure("show(f(1)\nlet y = 2")?.notes == ["to match '(' at cell.md:1:5"])
    }

    @Test func unsupportedSwiftIsExplained() {
        expectError("struct S {}", "1:1: 'struct' is not supported in notebook cells: cells cannot define types; use functions, tuples, arrays and dictionaries")
        expectError("case 1:", "1:1: 'case' is not supported in notebook cells: 'case' belongs inside a 'switch'")
        expectError("let x = try f()", "1:9: 'try' is not supported in notebook cells: it is not part of the cell language")
    }

    @Test func unknownNamesSuggestTheClosestNameInScope() {
        expectError("let lr = 1\nshow(lrr)", "2:6: cannot find 'lrr' in scope (did you mean 'lr'?)")
        expectError("trian(model: \"a\")", "1:1: cannot find 'trian' in scope (did you mean 'train'?)")
        expectError("let learningRate = 1\nshow(learningrate)", "2:6: cannot find 'learningrate' in scope (did you mean 'learningRate'?)")
        expectError("show(zzz)", "1:6: cannot find 'zzz' in scope")
    }

    @Test func argumentErrorsNameTheArgumentAndTheCall() {
        expectError("train(model: \"a\", ephocs: 2)", "1:19: unknown argument 'ephocs' to train(...) (did you mean 'epochs'?)")
        expectError("train(model: 1)", "1:7: argument 'model' of train(...) expects String, got Int")
        expectError("train(model: \"a\", lr: \"fast\")", "1:19: argument 'lr' of train(...) expects Double, got String")
        expectError("train()", "1:1: missing argument 'model' in call to train(...)")
        expectError("train(lr: 1, model: \"a\")", "1:14: argument 'model' must precede 'lr' in call to train(...)")
        expectError("train(model: \"a\", lr: 1, lr: 2)", "1:26: argument 'lr' is given twice in call to train(...)")
        expectError("show(1, 2)", "1:9: too many arguments to show(...): it takes 1, got 2")
        expectError("train(\"a\")", "1:7: missing argument label in call to train(...); expected 'model:'")
        expectError("fakeRun([1, \"a\"])", "1:9: argument 'losses' of fakeRun(...) expects [Double], got [Any] (element 1 is String)")
    }

    @Test func implicitMemberErrorsComeFromTheReceivingBuiltin() {
        expectError("train(model: \"a\", method: .lora(rnak: 4))", "1:33: unknown argument 'rnak' to .lora(...) (did you mean 'rank'?)")
        expectError("train(model: \"a\", method: .lora(alpha: 8))", "1:33: missing argument 'rank' in call to .lora(...)")
        expectError("train(model: \"a\", method: .lora(rank: 4, alpha: \"big\"))", "1:42: argument 'alpha' of .lora(...) expects Double, got String")
        expectError("train(model: \"a\", method: .full(rank: 4))", "1:33: .full(...) takes no arguments")
        expectError("train(model: \"a\", method: .lorra(rank: 4))",
                    "1:19: argument 'method' of train(...) expects .full or .lora(rank:alpha:), got '.lorra' (did you mean '.lora'?)")
    }

    @Test func runtimeErrorsPointAtTheExpression() {
        expectError("let a = 1 / 0", "1:11: division by zero")
        expectError("let z = 0.0\n1.5 / z", "2:5: division by zero")
        expectError("7 % 0", "1:3: division by zero")
        expectError("9223372036854775807 + 1", "1:21: arithmetic overflow: 9223372036854775807 + 1 does not fit in an Int")
        expectError("let xs = [1]\nxs[3]", "2:4: index 3 out of range (valid indices: 0..<1)")
        expectError("let xs = [1]\nxs[1..<3]", "2:5: range 1..<3 out of bounds (valid indices: 0..<1)")
        expectError("let xs = [1]\nxs[0...9223372036854775807]", "2:5: range 0...9223372036854775807 out of bounds (valid indices: 0..<1)")
        expectError("var xs: [Int] = []\nxs[0] = 1", "2:4: index 0 out of range (valid indices: none, the array is empty)")
        expectError("\"a\" + 1", "1:5: binary operator '+' cannot be applied to operands of type 'String' and 'Int'")
        expectError("-\"a\"", "1:1: unary operator '-' cannot be applied to an operand of type 'String'")
        expectError("!1", "1:1: unary operator '!' cannot be applied to an operand of type 'Int'")
        expectError("1 && true", "1:1: operator '&&' needs Bool operands, got 'Int'")
        expectError("if 1 { }", "1:4: 'if' condition must be a Bool, got a value of type 'Int'")
        expectError("for x in 5 { }", "1:10: for-in loop requires a sequence (an array, a dictionary, a range or a string), got a value of type 'Int'")
        expectError("for i in 3..<1 { }", "1:11: range requires lower bound <= upper bound, got 3..<1")
        expectError("for (a, b) in [1, 2] { }", "1:15: cannot bind a value of type 'Int' to the pattern (a, b)")
        expectError("let x = [1, \"b\"].sorted()", "1:18: cannot order values of type 'Int' and 'String'")
        expectError("let d = [\"a\": 1,\n  \"a\": 2]", "2:3: dictionary literal has the key \"a\" twice")
        expectError("0..<20_000_000", "1:2: range 0..<20000000 is too large to make an array; use it in a for-in loop")
    }

    @Test func stringPlusNumberSuggestsInterpolation() {
        #expect(failure("\"loss: \" + 1.5")?.notes == ["to put a value in a string, interpolate it: \"...\\(value)\""])
    }

    @Test func memberErrorsSuggestTheClosestMember() {
        expectError("let run = fakeRun([1])\nrun.trianLoss", "2:5: value of type 'TrainingRun' has no member 'trianLoss' (did you mean 'trainLoss'?)")
        expectError("let run = fakeRun([1])\nrun.los(atStep: 0)", "2:5: value of type 'TrainingRun' has no method 'los' (did you mean 'loss'?)")
        expectError("let run = fakeRun([1])\nrun.loss", "2:5: method 'loss' of 'TrainingRun' must be called: write 'loss(...)'")
        expectError("[1].cuont", "1:5: value of type '[Int]' has no member 'cuont' (did you mean 'count'?)")
        expectError("[1].count()", "1:5: 'count' is a property, not a method: write '.count' without parentheses")
        expectError("1[0]", "1:2: value of type 'Int' has no subscripts")
    }

    @Test func bindingErrors() {
        expectError("let x = 1\nx += 1", "2:1: cannot assign to value: 'x' is a 'let' constant")
        expectError("let xs = [1]\nxs.append(2)", "2:1: cannot use mutating member 'append' on immutable value: 'xs' is a 'let' constant")
        expectError("var n = 0\nn = 0.5", "2:5: cannot assign value of type 'Double' to 'n' of type 'Int'")
        expectError("var xs: [Int] = [1]\nxs[0] = \"a\"", "2:9: cannot assign value of type 'String' to an element of type 'Int'")
        expectError("var d: [String: Int] = [:]\nd[\"k\"] = 1.5", "2:10: cannot assign value of type 'Double' to an entry of type 'Int?'")
        expectError("var xs: [Int] = []\nxs.append(\"a\")", "2:4: cannot append a value of type 'String' to an array of 'Int'")
        expectError("[1].append(2)", "1:1: cannot use mutating member 'append' on a value that is not a variable")
        expectError("var n = 1\nn.append(2)", "2:3: value of type 'Int' has no method 'append'")
        expectError("let x = 1\nlet x = 2", "2:1: invalid redeclaration of 'x'")
        #expect(failure("for i in 0..<2 {\n  let i = 1\n}")?.description
            == "cell.md:2:3: error: invalid redeclaration of 'i'; note: 'i' was declared at cell.md:1:1")
        #expect(failure("if true { let a = 1; let a = 2 }")?.notes == ["'a' was declared at cell.md:1:11"])
        expectError("let x: Int = \"a\"", "1:14: cannot convert value of type 'String' to specified type 'Int'")
        expectError("let show = 1", "1:1: 'show' is a builtin; choose another name")
        expectError("show", "1:1: builtin 'show' must be called: write 'show(...)'")
        expectError("let n = 1\nn(2)", "2:1: cannot call value of non-function type 'Int'")
        expectError("missing = 1", "1:1: cannot find 'missing' in scope")
    }

    @Test func assigningADoubleToAnIntVariableSuggestsAnAnnotation() {
        #expect(failure("var total = 0\ntotal = 0.5")?.notes == ["declare it as 'var total: Double = ...' to hold Doubles"])
    }

    @Test func builtinErrorsSurfaceAtTheCall() {
        expectError("let w = 1\n  load(\"gpt2.safetensors\")", "2:3: tensor 'h.0.attn.c_attn.weight' has shape [2, 3], expected [3, 2]")
        expectError("fakeRun([1]).loss(atStep: 5)", "1:14: step 5 is not in 0..<1")
        expectError("Int(\"1\" == \"1\")", "1:1: cannot convert a value of type 'Bool' to Int")
    }

    @Test func aFailedCellKeepsTheBindingsMadeBeforeTheError() throws {
        let interpreter = Interpreter(builtins: .testing)
        #expect(failure("let kept = 1\nlet broken = 1 / 0", in: interpreter) != nil)
        #expect(interpreter.value(of: "kept") == .int(1))
        #expect(interpreter.value(of: "broken") == nil)
    }
}
