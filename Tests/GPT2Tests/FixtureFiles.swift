import Foundation
import Testing

/// Paths to the committed fixtures and fresh scratch folders for tests that write files.
enum FixtureFiles {
    static func url(_ path: String) throws -> URL {
        let root = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return root.appendingPathComponent(path)
    }

    /// One parent folder per test process, removed when the process exits.
    private static let scratchParent: URL = {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("lorabook-gpt2-tests-\(ProcessInfo.processInfo.processIdentifier)", isDirectory: true)
        atexit {
            let path = FileManager.default.temporaryDirectory
                .appendingPathComponent("lorabook-gpt2-tests-\(ProcessInfo.processInfo.processIdentifier)").path
            try? FileManager.default.removeItem(atPath: path)
        }
        return url
    }()

    /// A new empty folder under this process's scratch parent.
    static func scratchDirectory() throws -> URL {
        let url = scratchParent.appendingPathComponent(UUID().uuidString, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Names in `folder`, hidden ones included, to catch leftover temporary files.
    static func entries(of folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }
}
