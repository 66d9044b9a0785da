import E2E
import Foundation
import Testing

@Suite struct LoRALineFileTests {
    func write(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lora-\(UUID().uuidString).txt")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func linesSplitAtTheSeparatorWithoutTheTrailingSpace() throws {
        let lines = try LoRALineFile.read(write("name : A | area : riverside||A is by the river . \n\n"))
        #expect(lines == [LoRALineFile.Line(mr: "name : A | area : riverside", reference: "A is by the river .")])
    }

    @Test func aLineWithoutExactlyOneSeparatorNamesItsLine() throws {
        let url = try write("name : A||fine \nname : B|no separator \n")
        #expect(throws: E2EDataError.malformed(file: url.path, line: 2, column: 1,
                                               message: "expected one '||' between MR and reference, found 0")) {
            try LoRALineFile.read(url)
        }
    }

    @Test func aMissingSplitFileIsUnreadableAndNamed() {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("none-\(UUID().uuidString)")
        #expect {
            try E2ESplit.load(.dev, dataDirectory: folder)
        } throws: { error in
            if case .unreadable(let file, _)? = error as? E2EDataError { return file.hasSuffix("e2e/devset.csv") }
            return false
        }
    }
}
