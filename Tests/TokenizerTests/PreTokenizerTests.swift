import Testing
@testable import Tokenizer

@Suite struct PreTokenizerTests {
    func pieces(_ text: String) -> [String] {
        var text = text
        return text.withUTF8 { bytes in
            PreTokenizer.pieces(of: bytes).map { String(decoding: bytes[$0], as: UTF8.self) }
        }
    }

    @Test func wordsTakeTheirLeadingSpace() {
        #expect(pieces("Hello world again") == ["Hello", " world", " again"])
    }

    @Test func aWhitespaceRunLeavesItsLastSpaceToTheNextWord() {
        #expect(pieces("a   b") == ["a", "  ", " b"])
        #expect(pieces("a \n b") == ["a", " \n", " b"])
    }

    @Test func whitespaceAtTheEndStaysInOnePiece() {
        #expect(pieces("end   ") == ["end", "   "])
        #expect(pieces("x\n\n") == ["x", "\n\n"])
    }

    @Test func aSingleNewlineBeforeAWordIsItsOwnPiece() {
        #expect(pieces("a\nb") == ["a", "\n", "b"])
        #expect(pieces("a\r\nb") == ["a", "\r", "\n", "b"])
    }

    @Test func contractionsAreCaseSensitiveAndMatchFirst() {
        #expect(pieces("it's I'LL don't") == ["it", "'s", " I", "'", "LL", " don", "'t"])
        #expect(pieces("'sun") == ["'s", "un"])
    }

    @Test func lettersNumbersAndSymbolsSplitApart() {
        #expect(pieces("£20-25 abc123") == ["£", "20", "-", "25", " abc", "123"])
        #expect(pieces(" !!? x") == [" !!?", " x"])
    }

    @Test func unicodeClassesFollowTheGeneralCategory() {
        #expect(pieces("日本語 ½Ⅻ") == ["日本語", " ½Ⅻ"])
        #expect(pieces("a\u{00A0}b") == ["a", "\u{00A0}", "b"])
    }

    @Test func piecesCoverTheTextExactly() {
        let text = " \t mixed 'll\r\n text 😀 ... 12 ab "
        #expect(pieces(text).joined() == text)
    }
}
