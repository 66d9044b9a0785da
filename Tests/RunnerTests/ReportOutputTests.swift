import Foundation
import Notebook
import Report
@testable import Runner
import Testing

/// A failed run never replaces or splits the last good page + results pair, and NaN results are written.
@Suite struct ReportOutputTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("report-output-\(UUID())")
    var location: OutputLocation { OutputLocation(notebook: folder.appendingPathComponent("nb.md")) }

    func outcome(_ number: Double, failure: String? = nil) -> RunOutcome {
        RunOutcome(document: ReportDocument(title: "T \(number)", blocks: []),
                   results: ResultsFile(notebook: "nb.md", entries: [ResultEntry(key: "a.loss", kind: .loss, number: number)]),
                   failure: failure)
    }

    func contents(_ url: URL) -> String? { try? String(contentsOf: url, encoding: .utf8) }

    @Test func aFailedRunWritesBesideTheGoodPairAndLeavesItUntouched() throws {
        try ReportOutput.write(outcome(1.5), to: location)
        let goodHTML = contents(location.html), goodResults = contents(location.results)
        #expect(goodHTML?.contains("T 1.5") == true)
        let written = try ReportOutput.write(outcome(2.5, failure: "nb.md:3:1: error: boom"), to: location)
        #expect(written == [location.failedHTML, location.failedResults])
        #expect(contents(location.html) == goodHTML && contents(location.results) == goodResults)
        #expect(contents(location.failedHTML)?.contains("T 2.5") == true)
        // The next good run replaces the pair and removes the stale failed one.
        try ReportOutput.write(outcome(3.5), to: location)
        #expect(contents(location.html)?.contains("T 3.5") == true)
        #expect(!FileManager.default.fileExists(atPath: location.failedHTML.path))
        #expect(!FileManager.default.fileExists(atPath: location.failedResults.path))
    }

    @Test func nanAndInfinitiesAreWrittenAndReadBackWithThePage() throws {
        for value in [Double.nan, .infinity, -.infinity] {
            try ReportOutput.write(outcome(value), to: location)
            let read = try ResultsFile.read(from: location.results)
            let number = try #require(read.entries.first?.number)
            #expect(number.isNaN == value.isNaN && (value.isNaN || number == value))
            #expect(contents(location.html)?.contains("T \(value)") == true)
        }
        // Finite numbers are written exactly as before.
        try ReportOutput.write(outcome(0.1), to: location)
        #expect(contents(location.results)?.contains("\"number\" : 0.1\n") == true)
    }

    @Test func checkComparesNaNAndInfinities() {
        func drifts(_ fresh: Double, _ committed: Double) -> Int {
            compareResults(fresh: outcome(fresh).results, committed: outcome(committed).results, tolerances: .default).count
        }
        #expect(drifts(.nan, .nan) == 0)
        #expect(drifts(.nan, 1) == 1)
        #expect(drifts(.infinity, .infinity) == 0)
        #expect(drifts(.infinity, -.infinity) == 1)
        #expect(drifts(.infinity, 1e308) == 1)
    }

    @Test func aReportThatWouldOverwriteTheNotebookIsRefused() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let notebook = folder.appendingPathComponent("mynotes.html")
        try Data("# notes\n".utf8).write(to: notebook)
        let place = OutputLocation(notebook: notebook)
        #expect(place.html == notebook)
        #expect(throws: RunnerError.self) { try ReportOutput.prepare(place, notebook: notebook) }
        #expect(contents(notebook) == "# notes\n")
        try ReportOutput.prepare(location, notebook: folder.appendingPathComponent("nb.md"))
    }

    @Test func aReportFolderThatCannotBeCreatedIsRefusedBeforeAnyCellRuns() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("plain-file")
        try Data().write(to: file)
        let place = OutputLocation(notebook: folder.appendingPathComponent("nb.md"), outDirectory: file.appendingPathComponent("sub"))
        #expect(throws: RunnerError.io(path: file.appendingPathComponent("sub").path, reason: "cannot create the report folder")) {
            try ReportOutput.prepare(place, notebook: folder.appendingPathComponent("nb.md"))
        }
    }

    @Test func aReadOnlyReportFolderIsRefusedBeforeAnyCellRuns() throws {
        guard getuid() != 0 else { return }  // root writes anywhere
        let locked = folder.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: locked.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: locked.path) }
        let place = OutputLocation(notebook: folder.appendingPathComponent("nb.md"), outDirectory: locked)
        #expect(throws: RunnerError.io(path: locked.path, reason: "the report folder is not writable")) {
            try ReportOutput.prepare(place, notebook: folder.appendingPathComponent("nb.md"))
        }
    }

    func stage(_ name: String, _ text: String) throws {
        try FileManager.default.createDirectory(at: location.artifactsStaging, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: location.artifactsStaging.appendingPathComponent(name))
    }

    @Test func savedFilesReplaceTheReportsFolderOnlyWhenTheRunSucceeds() throws {
        try stage("predictions.txt", "good\n")
        try ReportOutput.settleArtifacts(location, runSucceeded: true)
        let saved = location.artifacts.appendingPathComponent("predictions.txt")
        #expect(contents(saved) == "good\n")
        #expect(!FileManager.default.fileExists(atPath: location.artifactsStaging.path))
        // A failed run's files are dropped; the good ones stay.
        try stage("predictions.txt", "from a failed run\n")
        try ReportOutput.settleArtifacts(location, runSucceeded: false)
        #expect(contents(saved) == "good\n")
        #expect(!FileManager.default.fileExists(atPath: location.artifactsStaging.path))
        // The next good run's folder replaces the whole previous one, so no stale file outlives its run.
        try stage("other.txt", "new\n")
        try ReportOutput.settleArtifacts(location, runSucceeded: true)
        #expect(contents(location.artifacts.appendingPathComponent("other.txt")) == "new\n")
        #expect(contents(saved) == nil)
    }
}
