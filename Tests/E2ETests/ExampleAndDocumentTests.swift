import DataStore
import E2E
import Testing
import Tokenizer

@Suite struct ExampleAndDocumentTests {
    let tokenizer: GPT2Tokenizer

    init() throws {
        tokenizer = try sharedTokenizer.get()
    }

    @Test func contextEndsWithEOSAndCompletionIsSpaceReferenceEOS() throws {
        let mr = try MeaningRepresentation(parsing: "name[The Vaults], eatType[pub]")
        let pair = E2EPair(mr: mr, rawReference: "The Vaults is a pub.", reference: "The Vaults is a pub .", line: 2)
        let example = EncodedExample(pair, tokenizer: tokenizer)
        #expect(example.context.last == 50256)
        #expect(example.completion.last == 50256)
        #expect(tokenizer.decode(example.context.dropLast().map(Int.init)) == "name : The Vaults | Type : pub")
        #expect(tokenizer.decode(example.completion.dropLast().map(Int.init)) == " The Vaults is a pub .")
        #expect(example.completion.first.map(Int.init) == tokenizer.encode(" The").first)
    }

    @Test func splitExamplesDecodeToTheLoRAFileLines() throws {
        let comparison = try testTreebank.get()
        let split = E2ESplit(name: "test", pairs: comparison.pairs).subset(.firstMRs(2))
        let examples = split.examples(tokenizer: tokenizer)
        #expect(examples.count == split.pairs.count)
        for (example, line) in zip(examples, comparison.lines) {
            #expect(tokenizer.decode(example.tokens.map(Int.init))
                == line.mr + "<|endoftext|> " + line.reference + "<|endoftext|>")
        }
    }

    @Test func restaurantDocumentsHoldEveryReferenceBetweenSeparators() throws {
        let groups = [
            ReferenceGroup(mr: try MeaningRepresentation(parsing: "name[A]"), rawReferences: ["a1", "a2"],
                           references: ["A is one .", "A is two ."]),
            ReferenceGroup(mr: try MeaningRepresentation(parsing: "name[B]"), rawReferences: ["b1"],
                           references: ["B is three ."]),
        ]
        var generator = SplitMix64(seed: 11), again = SplitMix64(seed: 11)
        let stream = RestaurantDocuments.tokenStream(groups: groups, tokenizer: tokenizer, using: &generator)
        #expect(stream == RestaurantDocuments.tokenStream(groups: groups, tokenizer: tokenizer, using: &again))
        #expect(stream.first == 50256)
        #expect(stream.last == 50256)
        #expect(stream.filter { $0 == 50256 }.count == 3 + 2)
        let text = tokenizer.decode(stream.map(Int.init))
        let documents = text.components(separatedBy: "<|endoftext|><|endoftext|>")
        #expect(documents.count == 2)
        let references = text.components(separatedBy: "<|endoftext|>").filter { !$0.isEmpty }
        #expect(references.sorted() == [" A is one .", " A is two .", " B is three ."])
        let aDocument = documents.first { $0.contains("A is") } ?? ""
        #expect(aDocument.contains("A is one") && aDocument.contains("A is two") && !aDocument.contains("B is"))
    }
}
