import Testing
@testable import lorabook

@Suite struct TextTableTests {
    @Test func theFirstColumnAlignsLeftAndTheOthersRightAtTheirWidestCell() {
        var table = TextTable(["model", "tok/s"])
        table.add(["micro", "1,055"])
        table.add(["gpt2", "145"])
        #expect(table.rendered == "model  tok/s\nmicro  1,055\ngpt2     145")
    }

    @Test func numbersAreRoundedAndGroupedByThousands() {
        #expect(TextTable.number(1234.5) == "1,235")
        #expect(TextTable.number(1234567.891, decimals: 2) == "1,234,567.89")
        #expect(TextTable.number(0.05, decimals: 3) == "0.050")
        #expect(TextTable.number(-12.25, decimals: 1) == "-12.3")
        #expect(TextTable.number(999.96, decimals: 1) == "1,000.0")
        #expect(TextTable.number(nil) == "-")
        #expect(TextTable.number(.nan) == "-")
    }
}
