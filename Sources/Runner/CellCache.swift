import DataStore
import Foundation

/// A content-addressed store of cell results: one folder per cache key, written whole or not at all.
public struct CellCache: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    /// The folder of a completed entry, or nil when the key has never completed.
    public func lookup(_ key: String) -> URL? {
        let folder = root.appendingPathComponent(key, isDirectory: true)
        return FileManager.default.fileExists(atPath: folder.appendingPathComponent(Self.completeMarker).path)
            ? folder : nil
    }

    /// Fills a fresh temporary folder with `write`, marks it complete and renames it into place,
    /// so an interrupted run never leaves a half-written entry that a later run would trust.
    @discardableResult
    public func store(_ key: String, write: (URL) throws -> Void) throws -> URL {
        let manager = FileManager.default
        try manager.createDirectory(at: root, withIntermediateDirectories: true)
        let temporary = root.appendingPathComponent(".\(key).\(ProcessInfo.processInfo.processIdentifier).partial",
                                                    isDirectory: true)
        try? manager.removeItem(at: temporary)
        try manager.createDirectory(at: temporary, withIntermediateDirectories: true)
        do {
            try write(temporary)
            try Data().write(to: temporary.appendingPathComponent(Self.completeMarker))
        } catch {
            try? manager.removeItem(at: temporary)
            throw error
        }
        let folder = root.appendingPathComponent(key, isDirectory: true)
        try? manager.removeItem(at: folder)
        guard rename(temporary.path, folder.path) == 0 else {
            try? manager.removeItem(at: temporary)
            throw RunnerError.io(path: folder.path, reason: "cannot move the cache entry into place")
        }
        return folder
    }

    public func remove(_ key: String) {
        try? FileManager.default.removeItem(at: root.appendingPathComponent(key, isDirectory: true))
    }

    static let completeMarker = "COMPLETE"
}

/// Builds a cache key from labelled parts; the label keeps `("a", "bc")` distinct from `("ab", "c")`.
public struct CacheKey: Sendable {
    private var parts: [String] = []

    public init() {}

    public mutating func add(_ label: String, _ value: String) {
        parts.append("\(label.utf8.count):\(label)=\(value.utf8.count):\(value)")
    }

    public var digest: String {
        SHA256.hex(of: Array(parts.joined(separator: "\n").utf8))
    }
}
