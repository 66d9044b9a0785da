import Foundation

/// The built `lorabook` binary run as a child process in a folder, as a user runs it.
struct LorabookProcess {
    /// `.build/<triple>/<configuration>/lorabook`: beside the test bundle this process runs from.
    static var executable: URL {
        let bundle = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                         ?? CommandLine.arguments[0])
        var folder = bundle.deletingLastPathComponent()
        while !FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("lorabook").path),
              folder.pathComponents.count > 1 {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("lorabook")
    }

    let process = Process()
    private let errors = Pipe()
    /// Standard error read so far.
    private(set) var seen = ""

    /// Starts `lorabook ARGUMENTS` in `folder` (with `environment` if given, else this process's); standard output is
    /// discarded, standard error is read by `waitFor`.
    init(_ arguments: [String], in folder: URL, environment: [String: String]? = nil) throws {
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        if let environment { process.environment = environment }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
    }

    /// Reads standard error until it holds `text` (or the process closes it); returns whether it appeared.
    mutating func waitFor(_ text: String) -> Bool {
        while !seen.contains(text) {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { return false }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        return true
    }

    /// Waits for the exit; returns the status and everything written to standard error.
    mutating func finish() -> (status: Int32, errors: String) {
        seen += String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, seen)
    }

    /// Runs to the end.
    static func run(_ arguments: [String], in folder: URL,
                    environment: [String: String]? = nil) throws -> (status: Int32, errors: String) {
        var child = try LorabookProcess(arguments, in: folder, environment: environment)
        return child.finish()
    }
}
