import Foundation
import Testing
@testable import Tokenizer

/// Long pieces are merged with a heap, in the same order as rescanning every pair, in O(n log n).
@Suite struct BytePairMergerTests {
    let tokenizer: GPT2Tokenizer

    init() throws {
        tokenizer = try sharedTokenizer.get()
    }

    /// A seeded xorshift generator, so failures reproduce.
    struct Seeded {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(bound))
        }
    }

    @Test func theHeapMergesExactlyAsRescanningDoes() {
        var random = Seeded(state: 0x9E37_79B9_7F4A_7C15)
        let alphabets: [[UInt8]] = [Array("aeiou".utf8), Array("the quick brown fox".utf8), Array("ab".utf8),
                                    Array("0123456789".utf8), (0...255).map { UInt8($0) }]
        for trial in 0..<300 {
            let alphabet = alphabets[trial % alphabets.count]
            let length = 2 + random.next(trial < 250 ? 60 : 1_500)
            let bytes = (0..<length).map { _ in alphabet[random.next(alphabet.count)] }
            let tokens = bytes.map { tokenizer.merger.byteTokens[Int($0)] }
            #expect(tokenizer.merger.mergeWithHeap(tokens) == tokenizer.merger.mergeByScanning(tokens), "trial \(trial)")
        }
    }

    @Test func aHundredThousandLetterWordTokenizesWithoutAQuadraticPath() {
        let word = String(repeating: "abcdefghij", count: 10_000)
        let started = Date()
        let ids = tokenizer.withFreshCache(capacity: 0).encode(word)
        let seconds = Date().timeIntervalSince(started)
        #expect(tokenizer.decode(ids) == word)
        // Rescanning took 77-83 s here; the heap takes a fraction of a second. The bound only catches a quadratic path.
        #expect(seconds < 10, "took \(seconds) s")
    }
}
