import Testing
@testable import Script

@Suite struct LexerTests {
    @Test func integersAcceptUnderscoresAndRadixPrefixes() throws {
        #expect(try tokenKinds("1_000 0x1F 0b101 0o17") == [.integer(1000), .integer(31), .integer(5), .integer(15)])
    }

    @Test func doublesAcceptFractionsAndExponents() throws {
        #expect(try tokenKinds("2e-4 1.5 1E3 1_000.25 6.25e+2") == [.double(2e-4), .double(1.5), .double(1000), .double(1000.25), .double(625)])
    }

    @Test func rangeAfterIntegerIsNotAFraction() throws {
        #expect(try tokenKinds("0..<n 1...3") == [
            .integer(0), .symbol(.halfOpenRange), .identifier("n"), .integer(1), .symbol(.closedRange), .integer(3),
        ])
    }

    @Test func memberAccessOnIntegerLiteralIsNotAFraction() throws {
        #expect(try tokenKinds("2.description") == [.integer(2), .symbol(.dot), .identifier("description")])
    }

    @Test func operatorsTakeTheLongestMatch() throws {
        #expect(try tokenKinds("a==b != c <= d += 1 && e || !f ?? g") == [
            .identifier("a"), .symbol(.equal), .identifier("b"), .symbol(.notEqual), .identifier("c"), .symbol(.lessEqual),
            .identifier("d"), .symbol(.plusAssign), .integer(1), .symbol(.and), .identifier("e"), .symbol(.or),
            .symbol(.not), .identifier("f"), .symbol(.nilCoalescing), .identifier("g"),
        ])
    }

    @Test func keywordsAreNotIdentifiers() throws {
        #expect(try tokenKinds("let letter in inside nil") == [
            .keyword(.let), .identifier("letter"), .keyword(.in), .identifier("inside"), .keyword(.nil),
        ])
    }

    @Test func stringEscapesAreDecoded() throws {
        #expect(try tokenKinds(#""a\n\t\"q\" \\ \u{E9} \0""#) == [.string([.text("a\n\t\"q\" \\ é \0")])])
    }

    @Test func interpolationHoldsTheInnerTokens() throws {
        let kinds = try tokenKinds(#""lr=\(lr * 2)!""#)
        guard case .string(let segments) = kinds.first, segments.count == 3,
              case .interpolation(let inner) = segments[1] else {
            Issue.record("expected text, interpolation, text; got \(kinds)")
            return
        }
        #expect(segments[0] == .text("lr="))
        #expect(inner.map(\.kind) == [.identifier("lr"), .symbol(.times), .integer(2), .symbol(.rightParen), .end])
        #expect(segments[2] == .text("!"))
    }

    @Test func interpolationMayNestStringsAndParentheses() throws {
        #expect(try evaluate(#""<\("in" + "(\(1 + (2)))")>""#) == .string("<in(3)>"))
    }

    @Test func multilineStringDropsTheClosingIndentation() throws {
        let source = "let s = \"\"\"\n    first\n      second\n\n    third\n    \"\"\"\ns"
        #expect(try evaluate(source) == .string("first\n  second\n\nthird"))
    }

    @Test func multilineStringBackslashJoinsLines() throws {
        let source = "\"\"\"\n  one \\\n  two\n  \"\"\""
        #expect(try evaluate(source) == .string("one two"))
    }

    @Test func commentsAreSkippedAndBlockCommentsNest() throws {
        #expect(try tokenKinds("a // line\n/* outer /* inner */ still */ b") == [.identifier("a"), .identifier("b")])
    }

    @Test func tokensCarryNotebookPositions() throws {
        var lexer = Lexer(source: "let x = 1\n  show(x)", origin: SourceLocation(file: "nb.md", line: 40, column: 3))
        let tokens = try lexer.tokenize()
        #expect(tokens[0].location == SourceLocation(file: "nb.md", line: 40, column: 3))
        #expect(tokens[3].location == SourceLocation(file: "nb.md", line: 40, column: 11))
        #expect(tokens[4].location == SourceLocation(file: "nb.md", line: 41, column: 5))
        #expect(tokens[4].newlineBefore && !tokens[3].newlineBefore)
    }

    @Test func columnsCountUnicodeScalars() throws {
        var lexer = Lexer(source: "\"é€\" x", origin: SourceLocation(file: "nb.md", line: 1, column: 1))
        #expect(try lexer.tokenize()[1].location.column == 6)
    }
}
