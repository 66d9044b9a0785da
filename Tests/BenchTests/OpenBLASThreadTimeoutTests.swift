import Foundation
import Testing
@testable import lorabook

/// `lorabook` runs with OpenBLAS's thread timeout shortened unless its caller chose one (OpenBLASThreadTimeout):
/// observed in the built binary's own record of its environment, as a user runs it.
@Suite struct OpenBLASThreadTimeoutTests {
    func recordedTimeout(callerSets value: String?) throws -> String? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("blas-timeout-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var environment = ProcessInfo.processInfo.environment
        environment[OpenBLASThreadTimeout.variable] = value
        let run = try LorabookProcess.run(["bench", "train", "--models", "1x32", "--vocab", "64", "--methods", "full",
                                           "--batch", "2", "--length", "8", "--warmup", "0", "--steps", "1",
                                           "--results", "results", "--name", "tiny"],
                                          in: folder, environment: environment)
        #expect(run.status == 0, "\(run.errors)")
        let data = try Data(contentsOf: folder.appendingPathComponent("results/tiny.json"))
        return try JSONDecoder().decode(BenchmarkRecord.self, from: data).settings["openblas thread timeout"]
    }

    @Test func theBinarySetsTheTimeoutWhenItsCallerDidNot() throws {
        #expect(try recordedTimeout(callerSets: nil) == OpenBLASThreadTimeout.exponent)
    }

    @Test func theCallersOwnTimeoutIsKept() throws {
        #expect(try recordedTimeout(callerSets: "7") == "7")
    }
}
