import DataStore
import Foundation
import Testing
@testable import Metrics

/// `lorabook score`'s files read as streams (chunks of a few bytes to 64 KiB) against the whole-text functions.
@Suite struct ScoreFileStreamTests {
    static let chunkSizes = [1, 2, 3, 7, 1 << 16]

    /// A file in a fresh temporary folder.
    static func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("score-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    static func file(_ name: String, _ text: String) throws -> String { try file(name, Array(text.utf8)) }

    static func lines(path: String, chunkSize: Int) throws -> [String] {
        let reader = try E2ELineReader(path: path, chunkSize: chunkSize)
        var lines: [String] = []
        while let line = try reader.next() { lines.append(line) }
        return lines
    }

    static func items(_ files: E2EScoreFileSource) throws -> [E2EItem] {
        var source = try files.items()
        var items: [E2EItem] = []
        while let item = try source.next() { items.append(item) }
        return items
    }

    /// Every Python line boundary, CRLF and lone CR, multibyte characters and Unicode whitespace at line edges.
    static let mixed = "  one \r\ntwo\rthree\n\r\nfour\u{0B}five\u{0C}six\u{1C}seven\u{1D}é\u{1E}\u{A0}eight\u{85}nine\u{2028}"
        + "ten\u{2029}\u{3000}café £5 😀 \t\n\n\u{2003}last 😀\u{1F}"
    /// `[l.strip() for l in mixed.splitlines()]` in Python 3.
    static let mixedLines = ["one", "two", "three", "", "four", "five", "six", "seven", "é", "eight", "nine", "ten",
                             "café £5 😀", "", "last 😀"]

    @Test("lines split and stripped as Python does, from a whole text and from a file read in chunks of 1 to 16 bytes")
    func linesMatchPythonAtEveryChunkSize() throws {
        #expect(E2EScoreFiles.lines(of: Self.mixed) == Self.mixedLines)
        let path = try Self.file("mixed.txt", Self.mixed)
        for chunkSize in Array(1...16) + [1 << 16] {
            #expect(try Self.lines(path: path, chunkSize: chunkSize) == Self.mixedLines, "chunks of \(chunkSize)")
        }
        // A final line break does not start another line; a byte-order mark at the start of a file is dropped.
        #expect(E2EScoreFiles.lines(of: "a\r\n") == ["a"])
        let marked = try Self.file("bom.txt", [0xEF, 0xBB, 0xBF] + Array("a\r".utf8))
        for chunkSize in [1, 2, 3] { #expect(try Self.lines(path: marked, chunkSize: chunkSize) == ["a"]) }
    }

    @Test("the test set's 630 outputs stream from files (LF and CRLF, chunks of 1 to 64 KiB) as the whole text reads them, and score bit for bit the same")
    func realFilesStreamAsTheyReadWhole() throws {
        let fixture = try FixtureRecipe.items(csv: "e2e/testset_w_refs.csv", step: 1)
        let referencesText = fixture.references.map { $0.joined(separator: "\n") }.joined(separator: "\n\n") + "\n"
        let predictionsText = fixture.predictions.joined(separator: "\n") + "\n"
        let expectedItems = zip(E2EScoreFiles.predictions(text: predictionsText), fixture.references).map {
            E2EItem(prediction: $0, references: $1)
        }
        let whole = try E2EScorer().score(predictions: E2EScoreFiles.predictions(text: predictionsText),
                                          references: E2EScoreFiles.references(text: referencesText))
        #expect(try E2EScoreFiles.references(text: referencesText) == fixture.references)
        for lineBreak in ["\n", "\r\n"] {
            let refs = try Self.file("refs.txt", referencesText.replacingOccurrences(of: "\n", with: lineBreak))
            let preds = try Self.file("preds.txt", predictionsText.replacingOccurrences(of: "\n", with: lineBreak))
            for chunkSize in Self.chunkSizes {
                let files = try E2EScoreFileSource(referencesPath: refs, predictionsPath: preds, chunkSize: chunkSize)
                #expect(try Self.items(files) == expectedItems, "chunks of \(chunkSize)")
            }
            let files = try E2EScoreFileSource(referencesPath: refs, predictionsPath: preds, chunkSize: 7)
            #expect(try files.check() == 630)
            let streamed = try E2EStreamScorer(batchSize: 100).score(source: files.items, referencesFile: refs)
            #expect(streamed.bleu.bitPattern == whole.bleu.bitPattern, "BLEU \(streamed.bleu) vs \(whole.bleu)")
            #expect(streamed.nist.bitPattern == whole.nist.bitPattern, "NIST \(streamed.nist) vs \(whole.nist)")
            #expect(streamed.rougeL.bitPattern == whole.rougeL.bitPattern, "ROUGE-L \(streamed.rougeL) vs \(whole.rougeL)")
            #expect(streamed.cider.bitPattern == whole.cider.bitPattern, "CIDEr \(streamed.cider) vs \(whole.cider)")
        }
    }

    @Test("the E2E test-set CSV streams as E2EReferenceCSV reads it whole, also as a TSV with a byte-order mark, CRLF and mojibake")
    func csvStreamsAsItReadsWhole() throws {
        let csvURL = try DataLocation.testDataFile("e2e/testset_w_refs.csv")
        let text = try String(contentsOf: csvURL, encoding: .utf8)
        let whole = try E2EReferenceCSV.referenceGroups(text: text)
        #expect(whole == (try FixtureRecipe.referenceGroups(csv: "e2e/testset_w_refs.csv")))
        let predictions = try Self.file("preds.txt", whole.map { $0[0] }.joined(separator: "\n"))
        for chunkSize in Self.chunkSizes {
            let files = try E2EScoreFileSource(referencesPath: csvURL.path, predictionsPath: predictions, chunkSize: chunkSize)
            #expect(files.format == .csv)
            #expect(try Self.items(files).map(\.references) == whole, "chunks of \(chunkSize)")
        }
        // Another layout of the first rows: tab-separated, quoted, a header naming the columns the other way round.
        let rows = ["\u{FEFF}Reference\tMR", "\"It costs Â£20.\"\tname[A]", "Café Ã© here\tname[A]", "", "B \"quoted\"\tname[B]"]
        let tsvText = rows.joined(separator: "\r\n") + "\r\n"
        let tsvWhole = try E2EReferenceCSV.referenceGroups(text: tsvText)
        #expect(tsvWhole == [["It costs £20.", "Café é here"], ["B \"quoted\""]])
        let tsv = try Self.file("refs.tsv", Array(tsvText.utf8))
        let twoPredictions = try Self.file("two.txt", "x\ny\n")
        for chunkSize in Self.chunkSizes {
            let files = try E2EScoreFileSource(referencesPath: tsv, predictionsPath: twoPredictions, chunkSize: chunkSize)
            #expect(try Self.items(files).map(\.references) == tsvWhole, "chunks of \(chunkSize)")
        }
    }

    @Test("a references file without blank lines is single-reference; a final blank line does not make groups")
    func layoutIsKnownBeforeTheFirstGroup() throws {
        for (text, groups) in [("x\ny\n", [["x"], ["y"]]), ("x\ny\n\n", [["x"], ["y"]]), ("a\nb\n\nc\n", [["a", "b"], ["c"]]),
                               ("a\r\n\r\nb\r\n\r\n", [["a"], ["b"]])] {
            #expect(try E2EScoreFiles.references(text: text) == groups)
            let refs = try Self.file("refs.txt", text)
            let preds = try Self.file("preds.txt", Array(repeating: "p", count: groups.count).joined(separator: "\n"))
            for chunkSize in Self.chunkSizes {
                let files = try E2EScoreFileSource(referencesPath: refs, predictionsPath: preds, chunkSize: chunkSize)
                #expect(try Self.items(files).map(\.references) == groups, "\(text.debugDescription), chunks of \(chunkSize)")
            }
        }
    }

    @Test("bytes that are not UTF-8 are an error naming the file, the line and the byte offset, whatever the chunks")
    func invalidUTF8NamesLineAndOffset() throws {
        let cases: [([UInt8], line: Int, offset: Int)] = [
            (Array("ok\nfine\nbad ".utf8) + [0xE2, 0x28] + Array(" here\n".utf8), 3, 12),  // bad continuation
            (Array("a\r\n".utf8) + [0xC0, 0x80], 2, 3),                                      // overlong
            (Array("é\n£".utf8) + [0xED, 0xA0, 0x80], 2, 5),                                 // surrogate
            (Array("a\nb".utf8) + [0xF0, 0x9F, 0x98], 2, 3),                                 // cut at the end
        ]
        for (bytes, line, offset) in cases {
            let path = try Self.file("bad.txt", bytes)
            let expected = MetricsError.invalidLine(file: path, line: line, reason: "not valid UTF-8 (byte offset \(offset))")
            for chunkSize in Self.chunkSizes {
                #expect(throws: expected, "chunks of \(chunkSize)") { try Self.lines(path: path, chunkSize: chunkSize) }
            }
            #expect(expected.description == "\(path):\(line): error: not valid UTF-8 (byte offset \(offset))")
        }
    }

    @Test("items come as the files are read: the groups before a bad line are read before its error")
    func itemsStreamBeforeTheErrorIsReached() throws {
        let refs = try Self.file("refs.txt", Array(Array(repeating: "a ref\nanother\n", count: 50).joined(separator: "\n").utf8) + [0xFF])
        let preds = try Self.file("preds.txt", Array(repeating: "p", count: 50).joined(separator: "\n"))
        var items = try E2EScoreFileSource(referencesPath: refs, predictionsPath: preds, chunkSize: 64).items()
        for _ in 0..<49 { #expect(try items.next() == E2EItem(prediction: "p", references: ["a ref", "another"])) }
        #expect(throws: MetricsError.invalidLine(file: refs, line: 150, reason: "not valid UTF-8 (byte offset \(50 * 14 + 49))")) {
            try items.next()
        }
    }

    @Test("bad files are one named error each: empty group with its line, short CSV row with its line, counts, nothing, a change")
    func badFilesAreNamedErrors() throws {
        func scoreError(refs: String, preds: String, chunkSize: Int = 2) -> MetricsError? {
            do {
                let files = try E2EScoreFileSource(referencesPath: refs, predictionsPath: preds, chunkSize: chunkSize)
                _ = try E2EStreamScorer(batchSize: 2).score(source: files.items, referencesFile: refs)
                return nil
            } catch { return error as? MetricsError }
        }
        let three = try Self.file("refs.txt", "a\n\nb\n\nc\n")
        for chunkSize in Self.chunkSizes {
            let gap = try Self.file("gap.txt", "a\n\n\nb\n")
            #expect(scoreError(refs: gap, preds: try Self.file("p.txt", "x\ny\n"), chunkSize: chunkSize)
                == .emptyReferenceGroup(index: 1, file: gap, line: 3))
            let csv = try Self.file("refs.csv", "mr,ref\na,b\nlonely\n")
            #expect(scoreError(refs: csv, preds: try Self.file("p.txt", "x\ny\n"), chunkSize: chunkSize)
                == .invalidLine(file: csv, line: 3, reason: "data row 2 has 1 column(s), expected 2"))
            for (count, expected) in [(5, 3), (2, 3), (0, 3)] {
                let preds = try Self.file("p.txt", String(repeating: "x\n", count: count))
                #expect(scoreError(refs: three, preds: preds, chunkSize: chunkSize)
                    == .countMismatch(predictions: count, referenceGroups: expected, predictionsFile: preds, referencesFile: three))
            }
        }
        #expect(MetricsError.countMismatch(predictions: 5, referenceGroups: 3, predictionsFile: "p", referencesFile: "r").description
            == "p: error: more predictions (5) than reference groups (3) in r; they must match one to one")
        let empty = try Self.file("empty.txt", " \n")
        #expect(scoreError(refs: empty, preds: three) == .noItems(file: empty))
        let folder = FileManager.default.temporaryDirectory.path
        #expect(scoreError(refs: folder, preds: three)
            == .unreadable(file: folder, reason: "cannot read the file (not a regular file; scoring reads it twice)"))
        #expect(scoreError(refs: folder + "/no-such-file.txt", preds: three)
            == .unreadable(file: folder + "/no-such-file.txt", reason: "cannot read the file"))
        // A file rewritten between the readings.
        let preds = try Self.file("p.txt", "x\ny\nz\n")
        let files = try E2EScoreFileSource(referencesPath: three, predictionsPath: preds)
        _ = try files.items()
        try Data("x\ny\nzz\n".utf8).write(to: URL(fileURLWithPath: preds))
        #expect(throws: MetricsError.fileChanged(file: preds)) { try files.items() }
    }
}
