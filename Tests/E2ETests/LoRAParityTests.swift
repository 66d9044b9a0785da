import DataStore
import E2E
import Testing

/// A split's CSV pairs beside the LoRA repo's file made from it, loaded once per test run.
struct LoRAComparison: Sendable {
    var pairs: [E2EPair]
    var lines: [LoRALineFile.Line]

    init(_ split: E2ESplitName, _ lora: String, style: ReferenceTokenizer.ContractionStyle) throws {
        let csv = try DataLocation.testDataFile("e2e/\(split.fileName)")
        pairs = try E2ESplit.read(csv, referenceTokenizer: ReferenceTokenizer(contractionStyle: style))
        lines = try LoRALineFile.read(DataLocation.testDataFile("e2e/lora/\(lora)"))
    }

    var agreeingReferences: Int {
        zip(pairs, lines).filter { $0.0.reference == $0.1.reference }.count
    }
}

let devTreebank = Result { try LoRAComparison(.dev, "valid.txt", style: .treebank) }
let devApostropheFirst = Result { try LoRAComparison(.dev, "valid.txt", style: .apostropheFirst) }
let testTreebank = Result { try LoRAComparison(.test, "test.txt", style: .treebank) }

/// The LoRA repo's `valid.txt` and `test.txt` are derived from `devset.csv` and `testset_w_refs.csv`, line for row.
@Suite struct LoRAParityTests {
    @Test func everyDevAndTestMRMatchesTheLoRAFilesExactly() throws {
        for (comparison, rows) in [(try devTreebank.get(), 4672), (try testTreebank.get(), 4693)] {
            #expect(comparison.pairs.count == rows)
            #expect(comparison.lines.count == rows)
            var mismatches = 0
            for (pair, line) in zip(comparison.pairs, comparison.lines) where pair.mr.loraText != line.mr {
                mismatches += 1
                if mismatches <= 3 { Issue.record("line \(pair.line): \(pair.mr.loraText) != \(line.mr)") }
            }
            #expect(mismatches == 0)
        }
    }

    @Test func validReferencesAgreeOnAtLeast99PercentInTheirOwnStyle() throws {
        let comparison = try devApostropheFirst.get()
        let agreeing = comparison.agreeingReferences
        print("reference tokenisation vs valid.txt (apostropheFirst): \(agreeing)/\(comparison.lines.count)")
        #expect(Double(agreeing) / Double(comparison.lines.count) >= 0.99)
    }

    @Test func testReferencesAgreeOnAtLeast99PercentInTheirOwnStyle() throws {
        let comparison = try testTreebank.get()
        let agreeing = comparison.agreeingReferences
        print("reference tokenisation vs test.txt (treebank): \(agreeing)/\(comparison.lines.count)")
        #expect(Double(agreeing) / Double(comparison.lines.count) >= 0.99)
    }

    @Test func theTreebankStyleAgreesOnAtLeast99PercentOfBothFilesTogether() throws {
        let dev = try devTreebank.get(), test = try testTreebank.get()
        let agreeing = dev.agreeingReferences + test.agreeingReferences
        let total = dev.lines.count + test.lines.count
        print("reference tokenisation vs valid.txt + test.txt (treebank): \(agreeing)/\(total)")
        #expect(Double(agreeing) / Double(total) >= 0.99)
    }
}
