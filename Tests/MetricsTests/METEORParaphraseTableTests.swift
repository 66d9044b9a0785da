import Foundation
import Testing
@testable import Metrics

@Suite("ParaphraseTable indexes phrases and keeps paraphrases in file order")
struct METEORParaphraseTableTests {
    static let lines = [
        "0.5", "near", "close to",
        "0.2", "near", "by",
        "0.1", "close to", "near",
        "0.3", "city centre", "centre of the city",
    ]

    static func table(_ lines: [String]) throws -> ParaphraseTable {
        var builder = ParaphraseTableBuilder(path: "table.gz")
        for (index, line) in lines.enumerated() {
            var bytes = Array(line.utf8)
            try bytes.withUnsafeMutableBufferPointer { try builder.consume(UnsafeBufferPointer($0), lineNumber: index + 1) }
        }
        try builder.finish()
        return ParaphraseTable(vocabulary: builder.vocabulary, phrases: builder.phrases, firstRecord: builder.firstRecord,
                               recordParaphrase: builder.recordParaphrase, nextRecord: builder.nextRecord,
                               longestPhrase: builder.longestPhrase)
    }

    static func phrase(_ table: ParaphraseTable, _ text: String) -> Int32 {
        let ids = text.split(separator: " ").map { table.wordID(String($0)) }
        return ids.withUnsafeBufferPointer { table.phraseID($0) }
    }

    static func words(_ table: ParaphraseTable, _ id: Int32) -> [Int32] { Array(table.phrases.sequence(id)) }

    @Test("a phrase's paraphrases come back in file order; prefixes of phrases are known but have none")
    func paraphrasesInFileOrder() throws {
        let table = try Self.table(Self.lines)
        #expect(table.recordCount == 4)
        #expect(table.longestPhrase == 4)
        let near = Self.phrase(table, "near")
        #expect(table.paraphraseIDs(of: near) == [Self.phrase(table, "close to"), Self.phrase(table, "by")])
        #expect(table.paraphraseIDs(of: Self.phrase(table, "by")) == [])
        #expect(table.paraphraseIDs(of: Self.phrase(table, "close")) == [])
        #expect(Self.phrase(table, "to") == -1)
        #expect(table.wordID("river") == -1)
        #expect(table.phraseLength(Self.phrase(table, "centre of the city")) == 4)
    }

    @Test("a line where a probability belongs names its line number")
    func misplacedLineNamesLine() throws {
        #expect(throws: METEORError.malformed(file: "table.gz", line: 4, reason: "expected a paraphrase probability, found 'near'")) {
            try Self.table(Array(Self.lines[0..<3]) + ["near", "by"])
        }
    }

    @Test("a record cut short is an error")
    func incompleteRecordIsError() throws {
        #expect(throws: METEORError.malformed(file: "table.gz", line: 5, reason: "the last paraphrase record is incomplete")) {
            try Self.table(Array(Self.lines[0..<5]))
        }
    }

    @Test("a saved index reloads the same table and is ignored once its source changes")
    func indexRoundTrip() throws {
        let table = try Self.table(Self.lines)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("meteor-index-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let source = folder.appendingPathComponent("table.gz")
        try Data("source v1".utf8).write(to: source)
        let index = folder.appendingPathComponent("table.index")
        try ParaphraseIndexFile.write(table, source: source, to: index)
        let reloaded = try #require(try ParaphraseIndexFile.read(from: index, source: source))
        #expect(reloaded.recordCount == table.recordCount)
        #expect(reloaded.longestPhrase == table.longestPhrase)
        let near = Self.phrase(reloaded, "near")
        #expect(reloaded.paraphraseIDs(of: near).map { Self.words(reloaded, $0) }
                == table.paraphraseIDs(of: Self.phrase(table, "near")).map { Self.words(table, $0) })
        try Data("source v2".utf8).write(to: source)
        #expect(try ParaphraseIndexFile.read(from: index, source: source) == nil)
    }
}
