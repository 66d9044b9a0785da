import ArgumentParser
import Foundation
import Testing
@testable import lorabook

@Suite struct CheckArgumentTests {
    @Test func aMissingParamsFileIsBlamedNotTheResultsFile() throws {
        let command = try CheckCommand.parse(["/nonexistent/nb.md", "--params", "/nonexistent/missing.yaml"])
        do {
            try command.check()
            Issue.record("check succeeded")
        } catch {
            #expect("\(error)" == "/nonexistent/missing.yaml: error: cannot read the params file")
        }
    }
}
