import Foundation
import Testing
@testable import Metrics

@Suite struct TokenizerTests {
    @Test func cocoTokenisationOfEveryDevAndTestReferenceMatchesTheCoreNLPJar() throws {
        for expected in try MetricFixtures.load().tokenization.references {
            let groups = try FixtureRecipe.referenceGroups(csv: expected.source)
            let references = groups.flatMap { $0 }
            #expect(references.count == expected.lines, "\(expected.source)")
            let tokenized = CocoTokenizer().tokenize(references)
            #expect(FixtureRecipe.sha256(lines: tokenized) == expected.cocoSHA256, "\(expected.source)")
        }
    }

    @Test func hardSentencesTokeniseAsTheJarDoes() throws {
        let hard = try MetricFixtures.load().tokenization.hardPTB
        let texts = hard.map(\.text)
        let ptb = PTBTokenizer().tokenize(lines: texts).map { $0.joined(separator: " ") }
        let coco = CocoTokenizer().tokenize(texts)
        for (index, sentence) in hard.enumerated() {
            #expect(ptb[index] == sentence.ptb, "PTB of \(sentence.text)")
            #expect(coco[index] == sentence.coco, "coco of \(sentence.text)")
        }
    }

    @Test func hardSentencesTokeniseAsPymtevalDoes() throws {
        for sentence in try MetricFixtures.load().tokenization.hardMTEval {
            #expect(MTEvalTokenizer().tokenize(sentence.text) == sentence.tokens, "\(sentence.text)")
        }
    }

    @Test func ptbReadsAcrossLinesSoASentenceStartAfterAnAcronymAddsAPeriod() {
        let lines = PTBTokenizer().tokenize(lines: ["It is in the U.S.", "The end.", "In the U.S.", "the end."])
        #expect(lines[0] == ["it", "is", "in", "the", "u.s.", "."])
        #expect(lines[2] == ["in", "the", "u.s."])
    }

    @Test func cocoKeepsBracketTokensBecauseItComparesThemUppercase() {
        #expect(CocoTokenizer().tokenize(["A (b) {c} [d]."]) == ["a -lrb- b -rrb- -lcb- c -rcb- -lsb- d -rsb-"])
    }

    @Test func mtevalSplitsPunctuationButKeepsNumbersAndHyphenatedWords() {
        #expect(MTEvalTokenizer().tokenize("It's £20-25, rated 3.5/5 (family-friendly).") ==
                ["It's", "£20", "-", "25", ",", "rated", "3.5", "/", "5", "(", "family-friendly", ")", "."])
        #expect(MTEvalTokenizer().tokenize("   ") == [""])
    }
}
