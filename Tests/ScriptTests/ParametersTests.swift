import Testing
@testable import Script

@Suite struct ParametersTests {
    private let cell = """
    let lr = 2e-4
    let epochs = 5
    let model: String = "gpt2-medium"
    let useLoRA = true
    let seeds = [110, 111]
    let dropouts: [Double] = [0, 0.1]
    let warmup: Double = 500
    """

    private func parameters() throws -> NotebookParameters {
        try NotebookParameters(reading: try parse(cell, file: "nb.md", line: 10))
    }

    @Test func readsEveryDeclarationWithItsType() throws {
        let parameters = try parameters()
        #expect(parameters.names == ["lr", "epochs", "model", "useLoRA", "seeds", "dropouts", "warmup"])
        #expect(parameters.parameters.map(\.type) == [.double, .int, .string, .bool, .array(.int), .array(.double), .double])
        #expect(parameters["dropouts"] == .array([.double(0), .double(0.1)]))
        #expect(parameters["warmup"] == .double(500))
        #expect(parameters.parameters[1].location == SourceLocation(file: "nb.md", line: 11, column: 1))
    }

    @Test func negativeNumbersAndMixedArraysAreLiterals() throws {
        let parameters = try NotebookParameters(reading: try parse("let shift = -3\nlet xs = [1, 2.5]"))
        #expect(parameters["shift"] == .int(-3))
        #expect(parameters.parameters[1].type == .array(.double))
    }

    @Test func overridesAreCheckedAgainstEachType() throws {
        var parameters = try parameters()
        try parameters.override(with: ["lr=1e-3", "epochs=2", "model=gpt2", "useLoRA=false", "seeds=[1, 2, 3]", "warmup=10"])
        #expect(parameters["lr"] == .double(1e-3))
        #expect(parameters["epochs"] == .int(2))
        #expect(parameters["model"] == .string("gpt2"))
        #expect(parameters["useLoRA"] == .bool(false))
        #expect(parameters["seeds"] == .array([.int(1), .int(2), .int(3)]))
        #expect(parameters["warmup"] == .double(10))
    }

    @Test func stringOverridesKeepTheTextAsWritten() throws {
        var parameters = try parameters()
        try parameters.override(with: ["model=a=b \"c\""])
        #expect(parameters["model"] == .string("a=b \"c\""))
    }

    @Test func aValueOfTheWrongTypeIsRejected() throws {
        var parameters = try parameters()
        #expect(throws: ParameterError.wrongType("lr", type: .double, text: "abc")) { try parameters.override(with: ["lr=abc"]) }
        #expect(ParameterError.wrongType("lr", type: .double, text: "abc").description == "error: parameter 'lr' is Double; 'abc' is not a Double")
        #expect(ParameterError.wrongType("epochs", type: .int, text: "2.5").description == "error: parameter 'epochs' is Int; '2.5' is not an Int")
        #expect(throws: ParameterError.self) { try parameters.override(with: ["epochs=2.5"]) }
        #expect(throws: ParameterError.self) { try parameters.override(with: ["useLoRA=1"]) }
        #expect(throws: ParameterError.self) { try parameters.override(with: ["seeds=[1, \"a\"]"]) }
        #expect(throws: ParameterError.self) { try parameters.override(with: ["lr=1e-3 + 1"]) }
        #expect(parameters["lr"] == .double(2e-4))
    }

    @Test func unknownNamesAreRejectedListingTheKnownOnes() throws {
        var parameters = try parameters()
        #expect(throws: ParameterError.unknown("lrr", known: parameters.names)) { try parameters.override(with: ["lrr=1"]) }
        #expect(ParameterError.unknown("lrr", known: ["lr", "epochs"]).description
            == "error: unknown parameter 'lrr' (did you mean 'lr'?); known parameters: lr, epochs")
    }

    @Test func anOverrideWithoutEqualsIsMalformed() throws {
        var parameters = try parameters()
        #expect(throws: ParameterError.malformed("lr")) { try parameters.override(with: ["lr"]) }
        #expect(throws: ParameterError.malformed("=1")) { try parameters.override(with: ["=1"]) }
    }

    @Test func overriddenValuesBindIntoTheInterpreter() throws {
        var parameters = try parameters()
        try parameters.override(with: ["epochs=3"])
        let interpreter = Interpreter(builtins: .testing)
        parameters.bind(into: interpreter)
        #expect(try evaluate("epochs * 2", in: interpreter) == .int(6))
        #expect(failure("epochs = 1", in: interpreter)?.message == "cannot assign to value: 'epochs' is a 'let' constant")
    }

    @Test func aParametersCellHoldsOnlyLiteralLets() {
        #expect(throws: Diagnostic("parameter 'b' must be a literal (a number, a string, a Bool, or an array of them) so that --set can override it",
                                   at: SourceLocation(file: "cell.md", line: 2, column: 9))) {
            try NotebookParameters(reading: try parse("let a = 1\nlet b = a * 2"))
        }
        #expect(throws: Diagnostic("a parameters cell holds only 'let name = literal' declarations",
                                   at: SourceLocation(file: "cell.md", line: 1, column: 1))) {
            try NotebookParameters(reading: try parse("var a = 1"))
        }
        #expect(throws: Diagnostic.self) { try NotebookParameters(reading: try parse("show(1)")) }
        #expect(throws: Diagnostic.self) { try NotebookParameters(reading: try parse("let e = []")) }
        #expect(throws: Diagnostic.self) { try NotebookParameters(reading: try parse("let s = \"\\(x)\"")) }
    }

    @Test func aRepeatedParameterIsARedeclaration() {
        #expect(throws: Diagnostic("invalid redeclaration of 'a'", at: SourceLocation(file: "cell.md", line: 2, column: 1),
                                   notes: ["'a' was declared at cell.md:1:1"])) {
            try NotebookParameters(reading: try parse("let a = 1\nlet a = 2"))
        }
    }

    @Test func aTrailingCommentIsTheParametersNoteButNotSlashesInAString() throws {
        let source = "let a = 1   // the first\nlet b = \"x//y\"\nlet c = \"q\\\"//\" // after an escaped quote\nlet d = 2 //\n"
        var parameters = try NotebookParameters(reading: try parse(source, file: "nb.md", line: 20))
        parameters.readNotes(fromSource: source, firstLine: 20)
        #expect(parameters.parameters.map(\.note) == ["the first", nil, "after an escaped quote", nil])
    }
}
