import Foundation
import Testing
@testable import Tokenizer

@Suite struct VocabularyFileTests {
    /// Writes a tiny vocabulary (the 256 byte tokens, then `extra`) and merges into a fresh folder.
    func writeVocabulary(encoderJSON: String? = nil, extra: [String] = ["ab"], merges: String = "#version: 0.2\na b\n")
        throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tok-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let entries = (0..<256).map { byte -> String in
            let scalar = Unicode.Scalar(ByteAlphabet.scalarForByte[byte]).map { String(Character($0)) } ?? ""
            let escaped = scalar == "\"" ? "\\\"" : scalar == "\\" ? "\\\\" : scalar
            return "\"\(escaped)\": \(byte)"
        } + extra.enumerated().map { "\"\($0.element)\": \(256 + $0.offset)" }
        try (encoderJSON ?? "{" + entries.joined(separator: ", ") + "}")
            .write(to: folder.appendingPathComponent("encoder.json"), atomically: true, encoding: .utf8)
        try merges.write(to: folder.appendingPathComponent("vocab.bpe"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func aTinyVocabularyMergesItsPair() throws {
        let tokenizer = try GPT2Tokenizer(directory: writeVocabulary())
        #expect(tokenizer.encode("ab") == [256])
        #expect(tokenizer.encode("ba") == [Int(UInt8(ascii: "b")), Int(UInt8(ascii: "a"))])
    }

    @Test func aMergeOfAnUnknownTokenNamesItsLine() throws {
        let folder = try writeVocabulary(merges: "#version: 0.2\na b\nab zz\n")
        #expect {
            try GPT2Tokenizer(directory: folder)
        } throws: { error in
            let text = (error as? TokenizerError)?.description ?? ""
            return text.contains("vocab.bpe:3:4:") && text.contains("'zz' is not in encoder.json")
        }
    }

    @Test func aMergeLineWithoutTwoTokensIsAnError() throws {
        let folder = try writeVocabulary(merges: "#version: 0.2\nab\n")
        #expect(throws: TokenizerError.malformed(file: folder.appendingPathComponent("vocab.bpe").path, line: 2,
                                                 column: 1,
                                                 message: "expected two tokens separated by one space, found 'ab'")) {
            try GPT2Tokenizer(directory: folder)
        }
    }

    @Test func brokenJSONNamesLineAndColumn() throws {
        let folder = try writeVocabulary(encoderJSON: "{\"a\": 0,\n  \"b\" 1}")
        #expect {
            try GPT2Tokenizer(directory: folder)
        } throws: { error in
            (error as? TokenizerError)?.description.hasSuffix("encoder.json:2:7: error: expected ':' after a token key")
                ?? false
        }
    }

    @Test func duplicateIdsAreRejected() throws {
        let folder = try writeVocabulary(encoderJSON: "{\"a\": 0, \"b\": 0}")
        #expect {
            try GPT2Tokenizer(directory: folder)
        } throws: { error in
            (error as? TokenizerError)?.description.contains("encoder.json:1:10: error: id 0 is given to two tokens")
                ?? false
        }
    }

    @Test func aMissingFileIsUnreadable() {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID().uuidString)")
        #expect {
            try GPT2Tokenizer(directory: folder)
        } throws: { error in
            if case .unreadable(let file, _)? = error as? TokenizerError { return file.hasSuffix("encoder.json") }
            return false
        }
    }

    @Test func byteAlphabetIsABijection() {
        let scalars = Set(ByteAlphabet.scalarForByte)
        #expect(scalars.count == 256)
        for byte in 0..<256 {
            let scalar = Unicode.Scalar(ByteAlphabet.scalarForByte[byte])
            #expect(scalar.flatMap(ByteAlphabet.byte(for:)) == UInt8(byte))
        }
        #expect(ByteAlphabet.scalarForByte[Int(UInt8(ascii: " "))] == 0x120)
    }
}
