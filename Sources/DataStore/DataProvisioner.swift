import Foundation

/// Puts every manifest file into the data folder, verified by SHA-256.
/// Sources, in order: a verified copy already there, the local mirror, the file's public URL.
/// A file is written to a temporary name, verified, then renamed, so a good copy is never replaced by a bad one.
public struct DataProvisioner {
    public enum Source: Equatable, Sendable { case existing, mirror, download }

    public let dataDirectory: URL
    public let mirrorDirectory: URL?
    public let files: [DataFile]
    public var allowDownload: Bool

    public init(dataDirectory: URL, mirrorDirectory: URL?, files: [DataFile] = DataManifest.files,
                allowDownload: Bool = true) {
        self.dataDirectory = dataDirectory
        self.mirrorDirectory = mirrorDirectory
        self.files = files
        self.allowDownload = allowDownload
    }

    /// Provisions every file; `report` hears one line per file. Stops at the first file that cannot be had.
    @discardableResult
    public func provisionAll(report: (DataFile, Source) -> Void = { _, _ in }) throws -> [Source] {
        try files.map { file in
            let source = try provision(file)
            report(file, source)
            return source
        }
    }

    public func provision(_ file: DataFile) throws -> Source {
        let target = dataDirectory.appendingPathComponent(file.path)
        let manager = FileManager.default
        if manager.fileExists(atPath: target.path) {
            // An existing copy with the wrong checksum is an error, not something to overwrite silently:
            // the user may have edited it.
            try verify(file, at: target)
            return .existing
        }
        try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        var looked = [target.path]
        if let mirror = mirrorDirectory {
            let source = mirror.appendingPathComponent(file.path)
            looked.append(source.path)
            if manager.fileExists(atPath: source.path) {
                try verify(file, at: source)
                try install(from: source, to: target, file: file)
                return .mirror
            }
        }
        guard allowDownload, let url = file.url else {
            throw DataError.missing(
                file: file.path, looked: looked,
                advice: "set LORABOOK_DATA_MIRROR to a folder holding \(file.path) (SHA-256 \(file.sha256))")
        }
        try download(file, from: url, to: target)
        return .download
    }

    /// Verifies every manifest file that is in the data folder (a missing one is left to whoever reads it), so a
    /// run never computes, or caches under the manifest's checksums, results from modified data. Returns how many
    /// files were verified.
    @discardableResult
    public func verifyPresent() throws -> Int {
        var verified = 0
        for file in files {
            let url = dataDirectory.appendingPathComponent(file.path)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            try verify(file, at: url)
            verified += 1
        }
        return verified
    }

    public func verify(_ file: DataFile, at url: URL) throws {
        let actual = try Self.sha256(ofFileAt: url, name: file.path)
        guard actual == file.sha256 else {
            throw DataError.checksumMismatch(file: file.path, at: url.path, expected: file.sha256, actual: actual)
        }
    }

    private func install(from source: URL, to target: URL, file: DataFile) throws {
        let temporary = target.appendingPathExtension("partial")
        let manager = FileManager.default
        try? manager.removeItem(at: temporary)
        do {
            try manager.copyItem(at: source, to: temporary)
        } catch {
            throw DataError.unreadable(file: file.path, at: source.path, reason: "\(error.localizedDescription)")
        }
        try verify(file, at: temporary)
        try Self.rename(temporary, to: target, file: file)
    }

    /// The thin path for machines with internet: curl to a temporary file, verify, rename.
    private func download(_ file: DataFile, from url: String, to target: URL) throws {
        let temporary = target.appendingPathExtension("partial")
        try? FileManager.default.removeItem(at: temporary)
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        curl.arguments = ["curl", "--fail", "--silent", "--show-error", "--location", "--output", temporary.path, url]
        do {
            try curl.run()
            curl.waitUntilExit()
        } catch {
            throw DataError.downloadFailed(file: file.path, url: url, reason: "could not start curl: \(error)")
        }
        guard curl.terminationStatus == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw DataError.downloadFailed(file: file.path, url: url, reason: "curl exited with \(curl.terminationStatus)")
        }
        do {
            try verify(file, at: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        try Self.rename(temporary, to: target, file: file)
    }

    /// POSIX rename: atomic, and replaces any file already at `target`.
    static func rename(_ source: URL, to target: URL, file: DataFile) throws {
        guard Foundation.rename(source.path, target.path) == 0 else {
            throw DataError.unreadable(file: file.path, at: target.path, reason: "cannot rename \(source.lastPathComponent) into place")
        }
    }

    static func sha256(ofFileAt url: URL, name: String) throws -> String {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw DataError.unreadable(file: name, at: url.path, reason: "cannot open the file")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while true {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            } catch {
                throw DataError.unreadable(file: name, at: url.path, reason: "\(error.localizedDescription)")
            }
            if chunk.isEmpty { break }
            hasher.update(chunk)
        }
        return hasher.finalize().map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}
