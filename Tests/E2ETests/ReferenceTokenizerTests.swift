import E2E
import Testing

@Suite struct ReferenceTokenizerTests {
    let treebank = ReferenceTokenizer(contractionStyle: .treebank)

    @Test func punctuationAndContractionsSplitAsInTheLoRAFiles() {
        #expect(treebank.tokenize("It's a family-friendly pub, isn't it?")
            == "It 's a family - friendly pub , is n't it ?")
        #expect(ReferenceTokenizer(contractionStyle: .apostropheFirst).tokenize("It isn't.") == "It isn 't .")
    }

    @Test func quotesPricesAndPeriodsFollowTheFileConventions() {
        #expect(treebank.tokenize("near 'The Bakers'.") == "near ' The Bakers ' .")
        #expect(treebank.tokenize("costs £20-25 or £30.99") == "costs £ 20 - 25 or £ 30.99")
        #expect(treebank.tokenize("rated 5-star..  Wait...yes") == "rated 5-star .. Wait ... yes")
        #expect(treebank.tokenize("  spaces   collapse  ") == "spaces collapse")
    }
}
