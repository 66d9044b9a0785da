import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files and folders under a temporary name beside the destination, then renames them into place, so a
/// reader sees the old output or the complete new one, never half of one. A file's bytes reach the disk (fsync)
/// before the rename. Temporary names start with `.` and end in `.tmp`.
public enum AtomicWrite {
    /// An open temporary file that takes raw bytes.
    public final class Sink {
        fileprivate let descriptor: Int32
        fileprivate let path: String

        fileprivate init(descriptor: Int32, path: String) {
            self.descriptor = descriptor
            self.path = path
        }

        public func write(_ bytes: UnsafeRawBufferPointer) throws {
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let written = systemWrite(descriptor, base + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw AtomicWriteError(path: path, reason: lastError())
                }
                offset += written
            }
        }

        public func write(_ bytes: [UInt8]) throws {
            try bytes.withUnsafeBytes { try write($0) }
        }

        public func write(_ data: Data) throws {
            try data.withUnsafeBytes { try write($0) }
        }
    }

    /// Runs `body` on a temporary file in `url`'s folder (which must exist) and renames it to `url` when
    /// `body` returns; when `body` throws, its error comes out unchanged and `url` is untouched.
    public static func writeFile(to url: URL, _ body: (Sink) throws -> Void) throws {
        let destination = url.path
        let folder = url.deletingLastPathComponent().path
        var template = Array("\(folder)/.\(url.lastPathComponent).XXXXXX.tmp".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 4) }
        guard descriptor >= 0 else { throw AtomicWriteError(path: destination, reason: lastError()) }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        do {
            try body(Sink(descriptor: descriptor, path: destination))
            guard fchmod(descriptor, 0o644) == 0, fsync(descriptor) == 0 else {
                throw AtomicWriteError(path: destination, reason: lastError())
            }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        guard close(descriptor) == 0 else {
            let reason = lastError()
            unlink(temporary)
            throw AtomicWriteError(path: destination, reason: reason)
        }
        guard rename(temporary, destination) == 0 else {
            let reason = lastError()
            unlink(temporary)
            throw AtomicWriteError(path: destination, reason: "cannot move the new file into place: \(reason)")
        }
    }

    /// Writes `data` to `url` atomically, creating `url`'s folder when missing.
    public static func write(_ data: Data, to url: URL) throws {
        try createFolder(url.deletingLastPathComponent().path, for: url.path)
        try writeFile(to: url) { try $0.write(data) }
    }

    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }

    /// Runs `body` on a fresh temporary folder beside `url`, then puts it in place of `url`
    /// (an existing folder there is replaced only after the new one is complete).
    public static func writeDirectory(at url: URL, _ body: (URL) throws -> Void) throws {
        let destination = url.standardizedFileURL.path
        let folder = URL(fileURLWithPath: destination).deletingLastPathComponent().path
        let name = URL(fileURLWithPath: destination).lastPathComponent
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: destination, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw AtomicWriteError(path: destination, reason: "a file (not a folder) is in the way")
        }
        try createFolder(folder, for: destination)
        let temporary = try makeTemporaryDirectory(beside: "\(folder)/.\(name)", for: destination)
        do {
            // mkdtemp makes the folder private (0700); the finished folder gets ordinary permissions.
            guard chmod(temporary, 0o755) == 0 else { throw AtomicWriteError(path: destination, reason: lastError()) }
            try body(URL(fileURLWithPath: temporary, isDirectory: true))
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        guard FileManager.default.fileExists(atPath: destination) else {
            try move(temporary, to: destination)
            return
        }
        let retired = try makeTemporaryDirectory(beside: "\(folder)/.\(name).old", for: destination)
        // rename(2) replaces an empty folder, so the old one moves onto a fresh empty name first.
        do {
            try move(destination, to: retired)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            try? FileManager.default.removeItem(atPath: retired)
            throw error
        }
        do {
            try move(temporary, to: destination)
        } catch {
            rename(retired, destination)
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        try? FileManager.default.removeItem(atPath: retired)
    }

    private static func move(_ source: String, to destination: String) throws {
        guard rename(source, destination) == 0 else { throw AtomicWriteError(path: destination, reason: lastError()) }
    }

    private static func createFolder(_ folder: String, for destination: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw AtomicWriteError(path: destination, reason: "cannot create \(folder)")
        }
    }

    private static func makeTemporaryDirectory(beside prefix: String, for destination: String) throws -> String {
        var template = Array("\(prefix).XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else { throw AtomicWriteError(path: destination, reason: lastError()) }
        return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}

/// A file or folder that could not be written, with the system's reason.
public struct AtomicWriteError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): cannot write: \(reason)" }
}

private func lastError() -> String { String(cString: strerror(errno)) }

/// POSIX `write(2)`, named apart from `Sink.write`.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
