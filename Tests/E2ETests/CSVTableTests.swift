import E2E
import Testing

@Suite struct CSVTableTests {
    func parse(_ text: String) throws -> CSVTable {
        try CSVTable.parse(Array(text.utf8), file: "t.csv")
    }

    func expectError(_ bytes: [UInt8], _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(sourceLocation: sourceLocation) {
            try CSVTable.parse(bytes, file: "t.csv")
        } throws: { error in
            (error as? E2EDataError)?.description == expected
        }
    }

    @Test func quotedFieldsKeepCommasEscapedQuotesAndNewlines() throws {
        let table = try parse("mr,ref\r\n\"a, b\",\"say \"\"hi\"\"\nthen go\"\r\nplain,x\n")
        #expect(table.header.map(\.text) == ["mr", "ref"])
        #expect(table.records.map { $0.map(\.text) } == [["a, b", "say \"hi\"\nthen go"], ["plain", "x"]])
        #expect(table.records[1][0].line == 4)
        #expect(table.records[0][1].column == 9)
    }

    @Test func lfAndCRLFAndMissingFinalNewlineReadTheSame() throws {
        let lf = try parse("a,b\n1,2\n3,4\n").records.map { $0.map(\.text) }
        let crlf = try parse("a,b\r\n1,2\r\n3,4").records.map { $0.map(\.text) }
        #expect(lf == crlf)
        #expect(lf == [["1", "2"], ["3", "4"]])
    }

    @Test func byteOrderMarkIsSkippedAndBlankLinesIgnored() throws {
        let table = try CSVTable.parse([0xEF, 0xBB, 0xBF] + Array("\"mr\",\"ref\"\n\nx,y\n\n".utf8), file: "t.csv")
        #expect(table.header.map(\.text) == ["mr", "ref"])
        #expect(table.records.map { $0.map(\.text) } == [["x", "y"]])
        #expect(table.header[0].column == 2)
    }

    @Test func emptyFieldsAreKept() throws {
        #expect(try parse("a,b,c\n,,\n").records.map { $0.map(\.text) } == [["", "", ""]])
        #expect(try parse("a,b\n\"\",x\n").records.map { $0.map(\.text) } == [["", "x"]])
    }

    @Test func unterminatedQuoteNamesWhereItOpened() {
        expectError(Array("mr,ref\nx,\"never\nclosed\n".utf8),
                    "t.csv:2:3: error: unterminated quoted field (the quote opened here is never closed)")
    }

    @Test func wrongFieldCountNamesTheRow() {
        expectError(Array("mr,ref\na,b\nc,d,e\n".utf8), "t.csv:3:1: error: row has 3 fields, the header has 2")
        expectError(Array("mr,ref\nonly\n".utf8), "t.csv:2:1: error: row has 1 field, the header has 2")
    }

    @Test func invalidUTF8NamesLineAndColumn() {
        expectError(Array("mr,ref\n".utf8) + Array("é,".utf8) + [0xC3, 0x28] + Array("\n".utf8),
                    "t.csv:2:3: error: invalid UTF-8")
        expectError(Array("a\n".utf8) + [0xED, 0xA0, 0x80], "t.csv:2:1: error: invalid UTF-8")
    }

    @Test func strayQuotesAreErrors() {
        expectError(Array("mr,ref\nab\"c,d\n".utf8),
                    "t.csv:2:3: error: quote inside an unquoted field (quote the whole field and write \"\")")
        expectError(Array("mr,ref\n\"ab\"c,d\n".utf8),
                    "t.csv:2:5: error: unexpected text after a closing quote (a quote inside a field is written \"\")")
    }

    @Test func anEmptyFileHasNoHeader() {
        expectError([], "t.csv:1:1: error: empty file: a header row is required")
    }

    @Test func columnsAreFoundByNameInAnyCase() throws {
        let table = try parse("REF,MR\nr,m\n")
        #expect(try table.columns(named: ["mr", "ref"]) == [1, 0])
        #expect {
            try table.columns(named: ["mr", "text"])
        } throws: { error in
            (error as? E2EDataError)?.description == "t.csv:1:1: error: header has no column 'text' (found 'REF', 'MR')"
        }
    }
}
