import DataStore
import E2E
import Foundation
import Testing
import Tokenizer

/// The tokenizer on real data: ids of every devset MR and reference, hashed, against tiktoken's digest
/// stored in Tests/TokenizerTests/Fixtures/hard_strings.json (made by tools/make_tokenizer_fixtures.py).
@Suite struct TokenDigestTests {
    struct Fixture: Decodable {
        struct Devset: Decodable {
            var rows: Int
            var sha256: String
        }
        var devset: Devset
    }

    @Test func devsetIdsHashToTiktokensDigest() throws {
        let root = DataLocation.packageRoot(containing: #filePath)
        let fixtureURL = root.appendingPathComponent("Tests/TokenizerTests/Fixtures/hard_strings.json")
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: fixtureURL))
        let tokenizer = try sharedTokenizer.get()
        let table = try CSVTable.read(DataLocation.testDataFile("e2e/devset.csv"))
        let columns = try table.columns(named: ["mr", "ref"])
        var hasher = SHA256()
        for record in table.records {
            for column in columns {
                let line = tokenizer.encode(record[column].text).map(String.init).joined(separator: " ") + "\n"
                hasher.update(Array(line.utf8))
            }
        }
        #expect(table.records.count == fixture.devset.rows)
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        #expect(digest == fixture.devset.sha256)
    }
}
