import Foundation
import DataStore
import E2E
import Testing
import Tokenizer
import SeededRandom

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

    @Test func shuffledNamesRenameWholePhrasesConsistentlyWithinADocument() throws {
        let groups = [
            ReferenceGroup(mr: try MeaningRepresentation(parsing: "name[The Mill], near[Café Rouge]"), rawReferences: ["a", "b"],
                           references: ["The Mill is near Café Rouge .", "Near Café Rouge , The Mill serves The Millstone ."]),
            ReferenceGroup(mr: try MeaningRepresentation(parsing: "name[Zizzi], near[The Sorrento]"), rawReferences: ["c"],
                           references: ["Zizzi is by The Sorrento ."]),
            ReferenceGroup(mr: try MeaningRepresentation(parsing: "name[Aromi], eatType[pub]"), rawReferences: ["d"],
                           references: ["Aromi is a pub ."]),
        ]
        let shuffle = NameShuffle(groups: groups, seed: 5)
        let names = ["The Mill", "Zizzi", "Aromi"], landmarks = ["Café Rouge", "The Sorrento"]
        var seenNames = Set<String>()
        for seed in UInt64(0)..<40 {
            var generator = SplitMix64(seed: seed)
            let stream = RestaurantDocuments.tokenStream(groups: groups, tokenizer: tokenizer, using: &generator,
                                                         shuffledNames: NameShuffle(groups: groups, seed: seed))
            let text = tokenizer.decode(stream.map(Int.init))
            for document in text.components(separatedBy: "<|endoftext|><|endoftext|>") {
                let references = document.components(separatedBy: "<|endoftext|>").map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty }
                guard let first = references.first else { continue }
                // Every reference of one document names the same (drawn) restaurant, and it is one of the pool's.
                let name = names.filter { first.hasPrefix($0) || first.contains(", \($0) serves") }
                if first.hasSuffix("is a pub .") {
                    #expect(names.contains(String(first.dropLast(" is a pub .".count))))
                    seenNames.insert(String(first.dropLast(" is a pub .".count)))
                } else if first.contains(" is near ") || first.contains(" is by ") || first.hasPrefix("Near ") {
                    #expect(!name.isEmpty, "\(first)")
                    #expect(landmarks.contains { first.contains($0) }, "\(first)")
                }
                if references.count == 2, let drawn = name.first {
                    #expect(references.allSatisfy { $0.contains(drawn) })
                    // A longer word that merely starts with the name is not renamed.
                    #expect(references.contains { $0.hasSuffix("serves The Millstone .") })
                }
            }
        }
        #expect(seenNames.count == 3, "the pool's every name is drawn for some seed")
        #expect(shuffle == NameShuffle(groups: groups, seed: 5))
    }

    @Test func unseenNamePairsKeepOnlyNewCombinations() throws {
        func split(_ name: String, _ mrs: [String]) throws -> E2ESplit {
            E2ESplit(name: name, pairs: try mrs.enumerated().map { index, text in
                E2EPair(mr: try MeaningRepresentation(parsing: text), rawReference: "r", reference: "r", line: index + 2)
            })
        }
        let train = try split("train", ["name[A], food[Thai]", "name[A], area[riverside]", "name[B], food[Thai]"])
        let dev = try split("dev", ["name[A], food[Thai], area[riverside]", "name[A], food[Thai], area[city centre]",
                                    "name[B], area[riverside]", "name[C], food[Thai]", "eatType[pub]"])
        let kept = dev.withUnseenNamePairs(against: train).groups.map(\.mr.text)
        #expect(kept == ["name[A], food[Thai], area[city centre]", "name[B], area[riverside]", "name[C], food[Thai]"])
    }
}
