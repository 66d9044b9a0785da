import Foundation
import PropertyBased
import Testing
@testable import E2E

/// Seeded random CSV text, from the pieces CSV is made of, parses or fails with an `E2EDataError`.
@Suite struct CSVFuzzTests {
    static let count = Int(ProcessInfo.processInfo.environment["LORABOOK_FUZZ_COUNT"] ?? "") ?? 300
    static let pieces = ["mr", "ref", ",", "\"", "\"\"", "\n", "\r\n", "\r", "name[Alimentum]", "eatType[pub]", " ", "é", "\u{0}", "\u{FEFF}"]
    static let texts = Gen<String?>.element(of: pieces).map { $0 ?? "" }.array(of: 0...60).map { $0.joined() }

    @Test func randomCSVParsesOrFailsWithADataError() async {
        await propertyCheck(count: Self.count, input: Self.texts) { text in
            do {
                let table = try CSVTable.parse(Array(text.utf8), file: "fuzz.csv")
                _ = try? table.columns(named: ["mr", "ref"])
            } catch let error as E2EDataError {
                #expect(error.description.contains("fuzz.csv"), "\(error)")
            } catch {
                Issue.record("not an E2EDataError: \(error)")
            }
        }
    }
}
