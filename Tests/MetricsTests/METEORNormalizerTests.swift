import Testing
@testable import Metrics

@Suite("METEORNormalizer tokenises as the jar's -norm normaliser")
struct METEORNormalizerTests {
    static let normalizer = METEORNormalizer(prefixes: [
        "Mr": .any, "Mrs": .any, "Dr": .any, "St": .any, "Inc": .any, "etc": .any, "e.g": .any,
        "No": .numericOnly, "Art": .numericOnly,
    ])

    @Test("lines with dots, quotes, dashes, clitics, commas and prefixes normalise as the jar's do")
    func linesMatchJar() throws {
        let jar = try JarScores.load()
        let meteor = try SharedMETEOR.get()
        #expect(jar.normalized.count >= 10)
        for case let (line, expected) in jar.normalized.map({ ($0.line, $0.normalized) }) {
            #expect(meteor.normalizer.normalizedLine(line) == expected, "\(line)")
        }
    }

    @Test("tokens are lowercased after normalising")
    func tokensAreLowercased() {
        #expect(Self.normalizer.tokens("The Pub's Café") == ["the", "pub", "'s", "café"])
    }

    @Test("a hyphen between word characters becomes a space so each part can match")
    func hyphenBetweenWordsSplits() {
        #expect(Self.normalizer.tokens("family-friendly 20-25") == ["family", "friendly", "20", "25"])
    }

    @Test("a dot after a listed prefix or before a lowercase word stays, otherwise it splits off")
    func prefixesKeepTheirDot() {
        #expect(Self.normalizer.normalizedLine("Dr. Who left. Then No. 5 and No. More") == "Dr. Who left . Then No. 5 and No . More")
        #expect(Self.normalizer.normalizedLine("it ended. then No. more") == "it ended. then No. more")
    }

    @Test("plain lowercase lines only have their blanks collapsed")
    func plainLinesOnlyCollapseBlanks() {
        #expect(Self.normalizer.tokens("  near the   river\tside ") == ["near", "the", "river", "side"])
        #expect(Self.normalizer.tokens("") == [])
    }
}
