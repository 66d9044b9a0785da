import Foundation
import PropertyBased
import Testing
@testable import Tokenizer

/// Seeded random text, from ASCII to astral scalars and long runs, encodes to ids that decode back to it.
@Suite struct TokenizerFuzzTests {
    static let count = Int(ProcessInfo.processInfo.environment["LORABOOK_FUZZ_COUNT"] ?? "") ?? 300
    static let scalars = Gen.oneOf(
        Gen.unicodeScalar(in: " "..."~").eraseToAnySequence(),
        Gen.unicodeScalar(in: "\u{0}"..."\u{7F}").eraseToAnySequence(),
        Gen.unicodeScalar(in: "\u{80}"..."\u{2FFF}").eraseToAnySequence(),
        Gen.unicodeScalar(in: "\u{1F300}"..."\u{1FAFF}").eraseToAnySequence())
    static let texts = scalars.array(of: 0...300).map { String(String.UnicodeScalarView($0)) }

    @Test func randomTextRoundTripsThroughTheTokenizer() async throws {
        let tokenizer = try sharedTokenizer.get()
        await propertyCheck(count: Self.count, input: Self.texts, Gen.int(in: 1...400)) { text, repeats in
            let long = repeats > 390 ? String(repeating: text, count: 20) : text
            let ids = tokenizer.encode(long)
            #expect(ids.allSatisfy { (0..<tokenizer.vocabularySize).contains($0) })
            #expect(tokenizer.decode(ids) == long)
        }
    }
}
