import AtomicWrite
import Foundation

/// Checkpoints and adapters are written through `AtomicWrite`; its own failures become `CheckpointError`s
/// naming the file, and errors thrown by the writing body pass through unchanged.
enum AtomicOutput {
    static func writeFile(to url: URL, _ body: (AtomicWrite.Sink) throws -> Void) throws {
        try checkpointErrors { try AtomicWrite.writeFile(to: url, body) }
    }

    static func writeDirectory(at url: URL, _ body: (URL) throws -> Void) throws {
        try checkpointErrors { try AtomicWrite.writeDirectory(at: url, body) }
    }

    private static func checkpointErrors(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as AtomicWriteError {
            throw CheckpointError(file: error.path, problem: .writeFailed(reason: error.reason))
        }
    }
}
