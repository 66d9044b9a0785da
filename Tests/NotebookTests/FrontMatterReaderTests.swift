import Testing
@testable import Notebook

@Suite("Front matter reader")
struct FrontMatterReaderTests {
    private func read(_ text: String) throws -> FrontMatter {
        try FrontMatterReader(lines: text.components(separatedBy: "\n"), firstLine: 2).read()
    }

    @Test func blockListsMayBeIndentedOrAtTheKeysLevel() throws {
        let front = try read("a:\n  - x\n  - 'y z'\nb:\n- 1\n- 2\nc: done")
        #expect(front["a"] == .list(["x", "y z"]))
        #expect(front["b"] == .list(["1", "2"]))
        #expect(front["c"] == .scalar("done"))
    }

    @Test func commentsAndBlankLinesAreSkipped() throws {
        let front = try read("# a comment\n\ntitle: Plain text # trailing\nurl: http://x/#frag")
        #expect(front.title == "Plain text")
        #expect(front["url"] == .scalar("http://x/#frag"))
    }

    @Test func doubleQuotedEscapesAreDecoded() throws {
        let front = try read(#"title: "a \"b\" \u00e9\n""#)
        #expect(front.title == "a \"b\" é\n")
    }

    @Test func nestedMapsHoldScalarsAndLists() throws {
        let front = try read("tolerances:\n  bleu: 0.02\n  seeds: [1, 2]\n  names:\n    - a\n")
        #expect(front["tolerances"]?["bleu"] == .scalar("0.02"))
        #expect(front["tolerances"]?["seeds"] == .list(["1", "2"]))
        #expect(front["tolerances"]?["names"] == .list(["a"]))
        #expect(front["tolerances"]?.text == nil)
    }

    @Test func emptyValueIsAnEmptyScalar() throws {
        #expect(try read("subtitle:")["subtitle"] == .scalar(""))
    }

    @Test func plainValueWithColonSpaceMustBeQuoted() {
        #expect(throws: LocatedProblem(position: SourcePosition(line: 2, column: 9), message: "': ' inside a plain value; quote the value")) {
            try read("title: a: b")
        }
    }

    @Test func multiLineStringsAnchorsAndDeeperMapsReadAsYAML() throws {
        let text = """
            summary: |
              Two lines,
              kept.
            folded: >
              one
              line
            defaults: &defaults
              lr: 1e-3
              steps: 10
            run:
              base: *defaults
              nested:
                deeper: yes
            """
        let front = try read(text)
        #expect(front["summary"] == .scalar("Two lines,\nkept.\n"))
        #expect(front["folded"] == .scalar("one line\n"))
        #expect(front["run"]?["base"]?["lr"] == .scalar("1e-3"))
        #expect(front["run"]?["nested"]?["deeper"] == .scalar("yes"))
        #expect(front.entries.map(\.position.line) == [2, 5, 8, 11])
    }

    @Test func listsOfCollectionsAndDeepNestingAreErrorsWithAPlace() {
        #expect(throws: LocatedProblem(position: SourcePosition(line: 3, column: 5), message: "list items must be plain values, not lists or maps")) {
            try read("a:\n  - [1, 2]")
        }
        let deep = "a: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: LocatedProblem(position: SourcePosition(line: 2, column: 1), message: "nested too deeply (more than 64 levels of lists, maps or indentation)")) {
            try read(deep)
        }
        #expect(throws: LocatedProblem(position: SourcePosition(line: 2, column: 6), message: "expected ':' after key 'title'")) {
            try read("title x")
        }
    }
}
