import BuildInfo
import DataStore
import Foundation
import Testing

/// The engine digest the build compiled in covers what decides a cell's values: the engine's sources and the
/// package manifest (compiler settings), each digested as the `engine-digest` tool does (relative path, length,
/// bytes, files in sorted order). Recomputed here from this checkout, so a file the plugin stops covering, or a
/// manifest edited without the digest following, fails.
@Suite struct EngineDigestCoverageTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    func digest(of relativePaths: [String]) throws -> String {
        var hasher = SHA256()
        for relative in relativePaths.sorted() {
            let bytes = try Data(contentsOf: Self.root.appendingPathComponent(relative))
            hasher.update(Array("\(relative.utf8.count):\(relative)\n\(bytes.count)\n".utf8))
            hasher.update(bytes)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    func swiftFiles(under folder: String) throws -> [String] {
        let base = Self.root.appendingPathComponent(folder)
        let walker = try #require(FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil))
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
            .map { folder + "/" + $0.path.dropFirst(base.path.count + 1) }
    }

    @Test func theManifestIsPartOfTheEngineDigest() throws {
        #expect(BuildInfo.moduleDigests["Package"] == (try digest(of: ["Package.swift"])))
    }

    /// The engine's target CPU comes from the environment (Package.swift), not from a file: the digest takes it as a
    /// setting. Checked against the environment the tests run in (`make test` builds and tests under the same one).
    @Test func theTargetCPUIsPartOfTheEngineDigest() {
        let cpu = ProcessInfo.processInfo.environment["LORABOOK_TARGET_CPU"] ?? ""
        let expected = cpu.isEmpty ? nil : SHA256.hex(of: Array("targetCPU=\(cpu)".utf8))
        #expect(BuildInfo.moduleDigests["Settings"] == expected,
                "the build's engine digest and this environment disagree on LORABOOK_TARGET_CPU ('\(cpu)' here)")
    }

    @Test func theEngineSourcesAreDigestedFileByFile() throws {
        #expect(BuildInfo.moduleDigests["GPT2"] == (try digest(of: try swiftFiles(under: "Sources/GPT2"))))
        #expect(BuildInfo.moduleDigests["Metrics"] == (try digest(of: try swiftFiles(under: "Sources/Metrics"))))
    }

    @Test func theOverallDigestIsOverEveryModule() throws {
        let lines = BuildInfo.moduleDigests.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        #expect(BuildInfo.engineDigest == SHA256.hex(of: Array(lines.joined(separator: "\n").utf8)))
        #expect(Set(BuildInfo.moduleDigests.keys).isSuperset(of: ["GPT2", "Metrics", "NotebookAPI", "Runner", "Package"]))
    }
}
