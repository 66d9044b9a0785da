import Foundation
import Report

/// Writes a run's page and results so that the last good pair is never lost or split: a successful run
/// replaces `NAME.html` and `NAME.results.json` together (and drops a stale failed pair), a failed run
/// writes `NAME.failed.html` and `NAME.failed.results.json` beside them and leaves the good pair alone.
public enum ReportOutput {
    /// Checks, before any cell runs, that the outputs can be written and would not overwrite the notebook.
    public static func prepare(_ location: OutputLocation, notebook: URL) throws {
        let source = notebook.standardizedFileURL.resolvingSymlinksInPath().path
        for output in [location.html, location.results, location.failedHTML, location.failedResults]
        where output.standardizedFileURL.resolvingSymlinksInPath().path == source {
            throw RunnerError.io(path: output.path, reason: "refusing to write the report over the notebook itself; "
                                 + "rename the notebook (e.g. to .md) or pass --out")
        }
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: location.directory, withIntermediateDirectories: true)
        } catch {
            throw RunnerError.io(path: location.directory.path, reason: "cannot create the report folder")
        }
        let probe = location.directory.appendingPathComponent(".lorabook-write-check.\(getpid())")
        guard manager.createFile(atPath: probe.path, contents: Data()) else {
            throw RunnerError.io(path: location.directory.path, reason: "the report folder is not writable")
        }
        try? manager.removeItem(at: probe)
    }

    /// Writes `outcome`; returns the files written.
    @discardableResult
    public static func write(_ outcome: RunOutcome, to location: OutputLocation) throws -> [URL] {
        // Everything that can fail on content (encoding NaN, rendering) happens before any file changes.
        let results = try outcome.results.encoded()
        let page = Data(ReportSeal.seal(page: ReportPage.render(outcome.document), results: results).utf8)
        try FileManager.default.createDirectory(at: location.directory, withIntermediateDirectories: true)
        let failed = outcome.failure != nil
        let targets = failed ? [location.failedResults, location.failedHTML] : [location.results, location.html]
        try replaceTogether([(results, targets[0]), (page, targets[1])])
        if !failed {
            for stale in [location.failedHTML, location.failedResults] { try? FileManager.default.removeItem(at: stale) }
        }
        return targets.reversed()
    }

    /// After a good run, the files it saved replace the report's folder of them; after a failed one, they are dropped.
    /// A run that saved nothing leaves the folder as it was.
    public static func settleArtifacts(_ location: OutputLocation, runSucceeded: Bool) throws {
        let manager = FileManager.default
        let staging = location.artifactsStaging
        guard manager.fileExists(atPath: staging.path) else { return }
        guard runSucceeded else {
            try? manager.removeItem(at: staging)
            return
        }
        let previous = location.directory.appendingPathComponent("." + location.baseName + ".artifacts-previous", isDirectory: true)
        try? manager.removeItem(at: previous)
        let hadPrevious = manager.fileExists(atPath: location.artifacts.path)
        do {
            if hadPrevious { try manager.moveItem(at: location.artifacts, to: previous) }
            try manager.moveItem(at: staging, to: location.artifacts)
        } catch {
            if hadPrevious, !manager.fileExists(atPath: location.artifacts.path) {
                try? manager.moveItem(at: previous, to: location.artifacts)
            }
            throw RunnerError.io(path: location.artifacts.path, reason: "cannot put the run's saved files in place: \(error.localizedDescription)")
        }
        try? manager.removeItem(at: previous)
    }

    /// Writes each file to a temporary beside its target, then renames them all into place; if a rename
    /// fails, the targets already replaced get their previous content back.
    static func replaceTogether(_ files: [(data: Data, url: URL)]) throws {
        let manager = FileManager.default
        let suffix = ".\(getpid()).tmp"
        var temporaries: [URL] = []
        defer { for temporary in temporaries { try? manager.removeItem(at: temporary) } }
        for file in files {
            let temporary = file.url.deletingLastPathComponent().appendingPathComponent("." + file.url.lastPathComponent + suffix)
            temporaries.append(temporary)
            do {
                try file.data.write(to: temporary)
            } catch {
                throw RunnerError.io(path: file.url.path, reason: "cannot write: \(error.localizedDescription)")
            }
        }
        // Hard links keep the previous versions until every rename has succeeded.
        var backups: [(backup: URL, url: URL)] = []
        defer { for entry in backups { try? manager.removeItem(at: entry.backup) } }
        for file in files where manager.fileExists(atPath: file.url.path) {
            let backup = file.url.deletingLastPathComponent().appendingPathComponent("." + file.url.lastPathComponent + ".\(getpid()).previous")
            try? manager.removeItem(at: backup)
            if link(file.url.path, backup.path) == 0 { backups.append((backup, file.url)) }
        }
        for (index, file) in files.enumerated() where rename(temporaries[index].path, file.url.path) != 0 {
            let reason = String(cString: strerror(errno))
            for earlier in files[..<index] {
                if let entry = backups.first(where: { $0.url == earlier.url }) {
                    _ = rename(entry.backup.path, earlier.url.path)
                } else {
                    try? manager.removeItem(at: earlier.url)
                }
            }
            throw RunnerError.io(path: file.url.path, reason: "cannot move the new file into place: \(reason)")
        }
    }
}
