import DataStore
import Foundation

/// A content-addressed store of cell results: one folder per cache key, written whole or not at all.
public struct CellCache: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    /// The folder of a completed entry, or nil when the key has never completed. Its contents are not
    /// checked here: `verify` does that before a restore trusts them.
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
            // The marker holds the digest of everything else, so a restore can tell a damaged entry.
            try Data(Self.digest(of: temporary).utf8).write(to: temporary.appendingPathComponent(Self.completeMarker))
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

    /// Throws unless the entry's files are exactly those its marker's digest was computed from; an entry
    /// written before digests gets one.
    public func verify(_ folder: URL) throws {
        let marker = folder.appendingPathComponent(Self.completeMarker)
        guard let recorded = try? String(contentsOf: marker, encoding: .utf8) else {
            throw CacheEntryError(reason: "its completion marker cannot be read")
        }
        if recorded.isEmpty {
            // An entry from before digests: trusted once (its cell.json is still checked), and sealed from now on,
            // rather than re-running every cached cell after an upgrade.
            try? Data(Self.digest(of: folder).utf8).write(to: marker)
            return
        }
        guard try Self.digest(of: folder) == recorded else {
            throw CacheEntryError(reason: "its files do not match the digest stored with them")
        }
    }

    /// SHA-256 over every file of `folder` but the marker: relative paths in sorted order, sizes and bytes.
    static func digest(of folder: URL) throws -> String {
        let manager = FileManager.default
        let base = folder.standardizedFileURL.path
        var files: [String] = []
        if let walker = manager.enumerator(atPath: base) {
            while let relative = walker.nextObject() as? String {
                var isDirectory: ObjCBool = false
                if manager.fileExists(atPath: base + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue,
                   relative != completeMarker {
                    files.append(relative)
                }
            }
        }
        var hasher = SHA256()
        for relative in files.sorted() {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: base + "/" + relative))
            hasher.update(Array("\(relative.utf8.count):\(relative)\n\(bytes.count)\n".utf8))
            hasher.update(bytes)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Deletes the half-written entries (`.KEY.PID.partial`) of runs that were killed (kill -9, power loss): they
    /// are never trusted, only taking space. A live process's own partial folder is left alone.
    public func removeAbandonedPartials() {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: root.path) else { return }
        for name in names where name.hasPrefix(".") && name.hasSuffix(".partial") {
            let fields = name.dropLast(".partial".count).split(separator: ".")
            guard let pid = fields.last.flatMap({ Int32($0) }), pid > 0 else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? manager.removeItem(at: root.appendingPathComponent(name, isDirectory: true))
            }
        }
    }

    public func remove(_ key: String) {
        try? FileManager.default.removeItem(at: root.appendingPathComponent(key, isDirectory: true))
    }

    static let completeMarker = "COMPLETE"
}

/// Why a stored entry cannot be trusted; the runner says so in one line and runs the cell again.
public struct CacheEntryError: Error, CustomStringConvertible, Equatable {
    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
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
