import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files and directories under a temporary name beside the destination, then renames them into place,
/// so a reader sees the old output or the complete new one, never half of one.
enum AtomicOutput {
    /// An open temporary file that takes raw bytes.
    final class Sink {
        fileprivate let descriptor: Int32
        fileprivate let path: String

        fileprivate init(descriptor: Int32, path: String) {
            self.descriptor = descriptor
            self.path = path
        }

        func write(_ bytes: UnsafeRawBufferPointer) throws {
            var offset = 0
            while offset < bytes.count {
                guard let base = bytes.baseAddress else { return }
                let written = systemWrite(descriptor, base + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw CheckpointError(file: path, problem: .writeFailed(reason: String(cString: strerror(errno))))
                }
                offset += written
            }
        }

        func write(_ bytes: [UInt8]) throws {
            try bytes.withUnsafeBytes { try write($0) }
        }
    }

    /// Runs `body` on a temporary file in `url`'s folder and renames it to `url` when `body` returns.
    static func writeFile(to url: URL, _ body: (Sink) throws -> Void) throws {
        let destination = url.path
        let folder = url.deletingLastPathComponent().path
        var template = Array("\(folder)/.\(url.lastPathComponent).XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw CheckpointError(file: destination, problem: .writeFailed(reason: String(cString: strerror(errno))))
        }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        do {
            try body(Sink(descriptor: descriptor, path: destination))
            guard fchmod(descriptor, 0o644) == 0, fsync(descriptor) == 0 else {
                throw CheckpointError(file: destination, problem: .writeFailed(reason: String(cString: strerror(errno))))
            }
            guard close(descriptor) == 0 else {
                unlink(temporary)
                throw CheckpointError(file: destination, problem: .writeFailed(reason: String(cString: strerror(errno))))
            }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        guard rename(temporary, destination) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CheckpointError(file: destination, problem: .writeFailed(reason: reason))
        }
    }

    /// Runs `body` on a fresh temporary folder beside `url`, then puts it in place of `url`
    /// (an existing folder there is replaced only after the new one is complete).
    static func writeDirectory(at url: URL, _ body: (URL) throws -> Void) throws {
        let destination = url.standardizedFileURL.path
        let folder = URL(fileURLWithPath: destination).deletingLastPathComponent().path
        let name = URL(fileURLWithPath: destination).lastPathComponent
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: destination, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw CheckpointError(file: destination, problem: .writeFailed(reason: "a file (not a folder) is in the way"))
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw CheckpointError(file: destination, problem: .writeFailed(reason: "cannot create \(folder)"))
        }
        let temporary = try makeTemporaryDirectory(beside: "\(folder)/.\(name)", for: destination)
        do {
            try body(URL(fileURLWithPath: temporary, isDirectory: true))
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        if FileManager.default.fileExists(atPath: destination) {
            let retired = try makeTemporaryDirectory(beside: "\(folder)/.\(name).old", for: destination)
            // rename(2) replaces an empty folder, so the old one moves onto a fresh empty name first.
            guard rename(destination, retired) == 0 else {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(atPath: temporary)
                try? FileManager.default.removeItem(atPath: retired)
                throw CheckpointError(file: destination, problem: .writeFailed(reason: reason))
            }
            guard rename(temporary, destination) == 0 else {
                let reason = String(cString: strerror(errno))
                rename(retired, destination)
                try? FileManager.default.removeItem(atPath: temporary)
                throw CheckpointError(file: destination, problem: .writeFailed(reason: reason))
            }
            try? FileManager.default.removeItem(atPath: retired)
        } else {
            guard rename(temporary, destination) == 0 else {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(atPath: temporary)
                throw CheckpointError(file: destination, problem: .writeFailed(reason: reason))
            }
        }
    }

    private static func makeTemporaryDirectory(beside prefix: String, for destination: String) throws -> String {
        var template = Array("\(prefix).XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else {
            throw CheckpointError(file: destination, problem: .writeFailed(reason: String(cString: strerror(errno))))
        }
        return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}

/// POSIX `write(2)`, named apart from `Sink.write`.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
