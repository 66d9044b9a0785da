import DataStore
import E2E
import Foundation
import Testing

@Suite struct E2ESplitTests {
    @Test func devAndTestGroupReferencesPerMRInFirstSeenOrder() throws {
        let dev = E2ESplit(name: "dev", pairs: try devTreebank.get().pairs)
        let test = E2ESplit(name: "test", pairs: try testTreebank.get().pairs)
        #expect(dev.groups.count == 547)
        #expect(test.groups.count == 630)
        #expect(dev.groups.reduce(0) { $0 + $1.references.count } == 4672)
        #expect(test.groups.first?.mr.text == "name[Blue Spice], eatType[coffee shop], area[city centre]")
        #expect(test.groups.first?.rawReferences.first == "A coffee shop in the city centre area called Blue Spice.")
        #expect(test.groups.first?.references.first == "A coffee shop in the city centre area called Blue Spice .")
    }

    @Test func trainHas42061RowsOver4862MRsIncludingTwoMultilineReferences() throws {
        let table = try CSVTable.read(DataLocation.testDataFile("e2e/trainset.csv"))
        let columns = try table.columns(named: ["mr", "ref"])
        #expect(table.records.count == 42061)
        #expect(Set(table.records.map { $0[columns[0]].text }).count == 4862)
        let multiline = table.records.filter { $0[columns[1]].text.contains("\n") }
        #expect(multiline.count == 2)
        #expect(multiline.allSatisfy { !ReferenceTokenizer().tokenize($0[columns[1]].text).contains("\n") })
    }

    @Test func theMROnlyTestFileReadsItsMRs() throws {
        let mrs = try E2ESplit.readMRs(DataLocation.testDataFile("e2e/testset.csv"))
        #expect(mrs.count == 630)
        #expect(mrs.map(\.text) == E2ESplit(name: "test", pairs: try testTreebank.get().pairs).groups.map(\.mr.text))
    }

    @Test func subsetsKeepWholeMRsAndSamplingIsSeeded() throws {
        let dev = E2ESplit(name: "dev", pairs: try devTreebank.get().pairs)
        let first = dev.subset(.firstMRs(3))
        #expect(first.groups.map(\.mr) == Array(dev.groups.prefix(3).map(\.mr)))
        #expect(first.pairs.count == dev.groups.prefix(3).reduce(0) { $0 + $1.references.count })

        let sampled = dev.subset(.sampledMRs(20, seed: 5))
        #expect(sampled.groups.count == 20)
        #expect(sampled.groups.map(\.mr) == dev.subset(.sampledMRs(20, seed: 5)).groups.map(\.mr))
        #expect(sampled.groups.map(\.mr) != dev.subset(.sampledMRs(20, seed: 6)).groups.map(\.mr))
        let lines = sampled.pairs.map(\.line)
        #expect(lines == lines.sorted())
        #expect(dev.subset(.all).pairs.count == dev.pairs.count)
    }
}
