import DataStore
import Foundation
import Testing
@testable import Tokenizer
import GPT2TokenIDs

/// The committed reference: tiktoken's ids for hard strings (see tools/make_tokenizer_fixtures.py).
struct TokenizerFixture: Decodable {
    struct Case: Decodable {
        var text: String
        var ordinary: [Int]
        var special: [Int]
    }
    struct InvalidBytes: Decodable {
        var ids: [Int]
        var decoded: String
    }
    var strings: [Case]
    var invalid_utf8: [InvalidBytes]

    static func load() throws -> TokenizerFixture {
        let url = try #require(Bundle.module.url(forResource: "hard_strings", withExtension: "json",
                                                 subdirectory: "Fixtures"))
        return try JSONDecoder().decode(TokenizerFixture.self, from: Data(contentsOf: url))
    }
}

/// One tokenizer for the whole suite: loading takes a moment in debug builds.
let sharedTokenizer: Result<GPT2Tokenizer, any Error> = Result {
    try GPT2Tokenizer(directory: DataLocation.testDataFile("gpt2"))
}

@Suite struct GPT2TokenizerTests {
    let tokenizer: GPT2Tokenizer
    let fixture: TokenizerFixture

    init() throws {
        tokenizer = try sharedTokenizer.get()
        fixture = try TokenizerFixture.load()
    }

    @Test func vocabularyHas50257TokensAndEndOfTextIsTheLast() {
        #expect(tokenizer.vocabularySize == 50257)
        #expect(tokenizer.bytes(ofToken: GPT2TokenIDs.endOfText) == Array("<|endoftext|>".utf8))
        #expect(tokenizer.bytes(ofToken: 50257) == nil)
    }

    @Test func hardStringsEncodeExactlyAsTiktokenOrdinary() {
        #expect(fixture.strings.count >= 30)
        for item in fixture.strings {
            #expect(tokenizer.encode(item.text) == item.ordinary, "\(item.text.debugDescription)")
        }
    }

    @Test func recognizingEndOfTextMatchesTiktokenAllowedSpecial() {
        for item in fixture.strings {
            #expect(tokenizer.encode(item.text, recognizingEndOfText: true) == item.special,
                    "\(item.text.debugDescription)")
        }
        #expect(tokenizer.encode("a<|endoftext|>b", recognizingEndOfText: true).contains(GPT2TokenIDs.endOfText))
        #expect(!tokenizer.encode("a<|endoftext|>b").contains(GPT2TokenIDs.endOfText))
    }

    @Test func decodeInvertsEncodeOnEveryHardString() {
        for item in fixture.strings {
            #expect(tokenizer.decode(tokenizer.encode(item.text)) == item.text, "\(item.text.debugDescription)")
            #expect(tokenizer.decode(item.special) == item.text, "\(item.text.debugDescription)")
        }
    }

    @Test func invalidUTF8DecodesToReplacementCharactersLikePython() {
        #expect(!fixture.invalid_utf8.isEmpty)
        for item in fixture.invalid_utf8 {
            #expect(tokenizer.decode(item.ids) == item.decoded, "\(item.ids)")
        }
    }

    @Test func idsOutsideTheVocabularyDecodeToReplacementCharacters() {
        #expect(tokenizer.decode([31373, -1, 50257, 995]) == "hello\u{FFFD}\u{FFFD} world")
    }

    @Test func canonicallyEquivalentSpellingsKeepTheirOwnTokens() {
        let composed = tokenizer.encode("caf\u{E9}")
        let decomposed = tokenizer.encode("cafe\u{301}")
        #expect(composed != decomposed)
        #expect(tokenizer.decode(decomposed).unicodeScalars.elementsEqual("cafe\u{301}".unicodeScalars))
    }

    @Test func resultsDoNotDependOnTheCache() {
        let uncached = tokenizer.withFreshCache(capacity: 0)
        for item in fixture.strings {
            #expect(uncached.encode(item.text) == tokenizer.encode(item.text))
        }
        #expect(uncached.cachedPieceCount == 0)
        let fresh = tokenizer.withFreshCache()
        #expect(fresh.cachedPieceCount == 0)
        #expect(fresh.encode("hello hello world") == [31373, 23748, 995])
        #expect(fresh.cachedPieceCount == 3)
    }

    @Test func concurrentEncodingGivesTheSameIdsAsSerial() async {
        let texts = fixture.strings.map(\.text)
        let expected = fixture.strings.map(\.ordinary)
        let tokenizer = self.tokenizer
        let results = await withTaskGroup(of: (Int, [[Int]]).self) { group in
            for worker in 0..<4 {
                group.addTask {
                    (worker, (0..<20).flatMap { _ in texts.map { tokenizer.encode($0) } })
                }
            }
            var all: [(Int, [[Int]])] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results.count == 4)
        for (_, ids) in results {
            #expect(ids == Array((0..<20).map { _ in expected }.joined()))
        }
    }
}

/// gpt2_decode.py's cut: the text up to the first `<|endoftext|>`, then up to the first blank line, stripped.
@Suite struct PaperOutputTextTests {
    @Test func cutsAtEndOfTextThenAtTheFirstBlankLineThenStrips() throws {
        let tokenizer = try sharedTokenizer.get()
        let name = tokenizer.encode(" The Cricketers is a pub.")
        #expect(tokenizer.paperOutputText(name + [GPT2TokenIDs.endOfText] + tokenizer.encode(" junk")) == "The Cricketers is a pub.")
        #expect(tokenizer.paperOutputText(name + [628] + tokenizer.encode("more")) == "The Cricketers is a pub.")
        // Two single newlines make a blank line too, as the script cuts the text, not the ids.
        #expect(tokenizer.paperOutputText(name + [198, 198] + tokenizer.encode("more")) == "The Cricketers is a pub.")
        #expect(tokenizer.paperOutputText(name + [198] + tokenizer.encode(" more")) == "The Cricketers is a pub.\n more")
        #expect(tokenizer.paperOutputText([GPT2TokenIDs.endOfText]) == "")
        #expect(tokenizer.paperOutputText(name) == "The Cricketers is a pub.")
    }
}
