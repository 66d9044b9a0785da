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

    @Test func aParamsFileListBecomesAnArrayLiteralAndAMapIsRefusedWithItsPlace() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("params-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("good.yaml")
        try "rates: [0.5, 1e-3]\nnames:\n  - a\n  - \"b c\"\nsteps: 10\n".write(to: good, atomically: true, encoding: .utf8)
        let command = try CheckCommand.parse(["/nonexistent/nb.md", "--params", good.path, "--set", "steps=20"])
        #expect(try command.invocation.overrides() == ["rates=[0.5, 1e-3]", "names=[\"a\", \"b c\"]", "steps=10", "steps=20"])
        let bad = folder.appendingPathComponent("bad.yaml")
        try "steps: 10\nnested:\n  a: 1\n".write(to: bad, atomically: true, encoding: .utf8)
        let refused = try CheckCommand.parse(["/nonexistent/nb.md", "--params", bad.path])
        #expect(throws: (any Error).self) { try refused.invocation.overrides() }
        do {
            _ = try refused.invocation.overrides()
        } catch {
            #expect("\(error)" == "\(bad.path):2:1: error: parameter 'nested' must be a value or a list, not a map")
        }
    }
}
