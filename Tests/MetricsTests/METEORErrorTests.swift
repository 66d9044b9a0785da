import Foundation
import Testing
@testable import Metrics

@Suite("METEOR reports bad data and bad input as one-line errors with their place")
struct METEORErrorTests {
    static func temporaryFile(_ name: String, contents: Data) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("meteor-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try contents.write(to: url)
        return url
    }

    @Test("a synset id that is not a number names the file and line")
    func badSynsetNamesLine() throws {
        let synsets = try Self.temporaryFile("english.synsets", contents: Data("cat\n02121620\ndog\n0208x\n".utf8))
        let exceptions = try Self.temporaryFile("english.exceptions", contents: Data())
        #expect(throws: METEORError.malformed(file: synsets.path, line: 4, reason: "synset id '0208x' is not an integer")) {
            try WordNetSynonyms(synsetsFile: synsets, exceptionsFile: exceptions)
        }
    }

    @Test("a file that is not gzip is reported, not crashed on")
    func notGzipIsReported() throws {
        let url = try Self.temporaryFile("paraphrase-en.gz", contents: Data("0.5\nnear\nclose to\n".utf8))
        let error = #expect(throws: METEORError.self) { try ParaphraseTable(gzipFile: url) }
        #expect(error?.description.contains(url.path) == true)
    }

    @Test("hypotheses and reference sets of different counts are refused")
    func countMismatchIsRefused() throws {
        let meteor = try SharedMETEOR.get()
        #expect(throws: METEORError.countMismatch(hypotheses: 2, referenceSets: 1)) {
            try meteor.corpusScore(hypotheses: ["a", "b"], references: [["a"]])
        }
    }

    @Test("error descriptions are one line")
    func descriptionsAreOneLine() {
        let errors: [METEORError] = [
            .unreadable(file: "x.gz", reason: "missing"), .malformed(file: "f", line: 3, reason: "bad"),
            .countMismatch(hypotheses: 1, referenceSets: 2), .noReferences(item: 4),
        ]
        for error in errors { #expect(!error.description.contains("\n")) }
    }
}
