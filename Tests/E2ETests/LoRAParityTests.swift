import DataStore
import E2E
import Testing

/// The LoRA repo's `valid.txt` and `test.txt` are derived from `devset.csv` and `testset_w_refs.csv`, line for row.
@Suite struct LoRAParityTests {
    func load(_ split: E2ESplitName, _ lora: String, style: ReferenceTokenizer.ContractionStyle) throws
        -> (pairs: [E2EPair], lines: [LoRALineFile.Line]) {
        let data = try DataLocation.testDataFile("e2e").deletingLastPathComponent()
        let pairs = try E2ESplit.read(data.appendingPathComponent("e2e/\(split.fileName)"),
                                      referenceTokenizer: ReferenceTokenizer(contractionStyle: style))
        let lines = try LoRALineFile.read(DataLocation.testDataFile("e2e/lora/\(lora)"))
        return (pairs, lines)
    }

    @Test(arguments: [(E2ESplitName.dev, "valid.txt", 4672), (.test, "test.txt", 4693)])
    func everyMRMatchesTheLoRAFileExactly(split: E2ESplitName, lora: String, rows: Int) throws {
        let (pairs, lines) = try load(split, lora, style: .treebank)
        #expect(pairs.count == rows)
        #expect(lines.count == rows)
        var mismatches = 0
        for (pair, line) in zip(pairs, lines) where pair.mr.loraText != line.mr {
            mismatches += 1
            if mismatches <= 3 { Issue.record("line \(pair.line): \(pair.mr.loraText) != \(line.mr)") }
        }
        #expect(mismatches == 0)
    }

    @Test(arguments: [(E2ESplitName.dev, "valid.txt", ReferenceTokenizer.ContractionStyle.apostropheFirst),
                      (.test, "test.txt", .treebank)])
    func referenceTokenisationAgreesOnAtLeast99Percent(split: E2ESplitName, lora: String,
                                                       style: ReferenceTokenizer.ContractionStyle) throws {
        let (pairs, lines) = try load(split, lora, style: style)
        let agreeing = zip(pairs, lines).filter { $0.0.reference == $0.1.reference }.count
        let rate = Double(agreeing) / Double(lines.count)
        print("reference tokenisation agreement with \(lora) (\(style)): \(agreeing)/\(lines.count) = \(rate)")
        #expect(rate >= 0.99)
    }

    @Test func theTreebankStyleAgreesOnAtLeast99PercentOfBothFilesTogether() throws {
        var agreeing = 0, total = 0
        for (split, lora) in [(E2ESplitName.dev, "valid.txt"), (.test, "test.txt")] {
            let (pairs, lines) = try load(split, lora, style: .treebank)
            agreeing += zip(pairs, lines).filter { $0.0.reference == $0.1.reference }.count
            total += lines.count
        }
        print("reference tokenisation agreement, treebank style, valid+test: \(agreeing)/\(total)")
        #expect(Double(agreeing) / Double(total) >= 0.99)
    }
}
