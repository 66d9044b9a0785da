import ArgumentParser
import BuildInfo
import DataStore
import Foundation
import GPT2
import Notebook
import NotebookAPI
import Runner

/// The options `run` and `check` share, and how they turn into a notebook run.
struct NotebookInvocation: ParsableArguments {
    @Argument(help: "The notebook to run (Markdown with ```swift cells).")
    var notebook: String

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a parameter: name=value (repeatable).", valueName: "name=value"))
    var assignments: [String] = []

    @Option(help: ArgumentHelp("A YAML file of parameter overrides; outputs are named after it.", valueName: "file.yaml"))
    var params: String?

    @Option(help: "Folder for the report (default: report/ beside notebooks/, else beside the notebook).")
    var out: String?

    @Option(parsing: .unconditional, help: "Threads for the engine's loops and matrix products (default: all cores); results depend on it.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    /// More threads than this only queue behind each other: four per core.
    static var maximumThreads: Int { max(8, 4 * ProcessInfo.processInfo.activeProcessorCount) }

    func validate() throws {
        guard (1...Self.maximumThreads).contains(threads) else {
            throw ValidationError("--threads must be between 1 and \(Self.maximumThreads) (four per core), got \(threads)")
        }
    }

    var notebookURL: URL { URL(fileURLWithPath: notebook) }
    var paramsURL: URL? { params.map { URL(fileURLWithPath: $0) } }
    var location: OutputLocation {
        OutputLocation(notebook: notebookURL, outDirectory: out.map { URL(fileURLWithPath: $0) }, paramsFile: paramsURL)
    }

    /// `name=value` overrides: the params file's first, then `--set`, so `--set` wins.
    func overrides() throws -> [String] {
        guard let paramsURL else { return assignments }
        let text: String
        do {
            text = try String(contentsOf: paramsURL, encoding: .utf8)
        } catch {
            throw CommandFailure("\(paramsURL.path): error: cannot read the params file")
        }
        let yaml = try FrontMatter(parsingYAML: text, file: paramsURL.path)
        let fromFile = try yaml.entries.map { entry -> String in
            switch entry.value {
            case .scalar(let value):
                return "\(entry.key)=\(value)"
            case .list(let items):
                return "\(entry.key)=[\(items.map(Self.arrayElementLiteral).joined(separator: ", "))]"
            case .map:
                throw CommandFailure("\(paramsURL.path):\(entry.position.line):\(entry.position.column): error: "
                                     + "parameter '\(entry.key)' must be a value or a list, not a map")
            }
        }
        return fromFile + assignments
    }

    /// A YAML list item as an array element literal: numbers and booleans as written, anything else a string.
    private static func arrayElementLiteral(_ item: String) -> String {
        if Double(item) != nil || item == "true" || item == "false" { return item }
        let escaped = item.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\""
    }

    /// Runs the notebook; `useCache: false` for `check` and `run --no-cache`. `savingFiles` stages the files cells
    /// save (`save(...)`) for the report's folder; `check` writes none. `verifyingData` first checks every data file
    /// present against the manifest (about half a second), since cache keys trust the manifest's checksums.
    /// `location` replaces the report's place (a sweep's point); `metadata` is added to the run's.
    func run(useCache: Bool, savingFiles: Bool, refresh: [String] = [], verifyingData: Bool = true,
             location: OutputLocation? = nil, metadata: [(key: String, value: String)] = []) throws -> (Notebook, RunOutcome) {
        let location = location ?? self.location
        let parsed = try Notebook(contentsOf: notebookURL, file: notebook)
        guard (1...256).contains(threads) else { throw CommandFailure("error: --threads must be between 1 and 256, not \(threads)") }
        EngineThreads.set(threads)
        var options = RunOptions()
        options.useCache = useCache
        options.refresh = Set(refresh)
        options.overrides = try overrides()
        options.threads = threads
        options.engineBuild = BuildInfo.engineDigest
        options.dataFingerprint = DataManifest.fingerprint
        options.metadata = [
            (key: "lorabook", value: Lorabook.configuration.version),
            (key: "commit", value: RunFacts.gitCommit()),
            (key: "date", value: ISO8601DateFormatter().string(from: Date())),
            (key: "machine", value: "\(RunFacts.cpuModel()), \(ProcessInfo.processInfo.activeProcessorCount) cores"),
        ] + BLASInfo.metadata
        if let paramsURL { options.metadata.append((key: "params", value: paramsURL.lastPathComponent)) }
        options.metadata += metadata
        options.collective = RunWorld.collective
        if RunWorld.world.isParallel {
            options.metadata.append((key: "ranks", value: "\(RunWorld.world.size) (mpirun, data-parallel training, sharded decoding and scoring)"))
            RunWorld.say("\(notebook): \(RunWorld.world.size) ranks, \(threads) thread(s) each; rank 0 writes")
        }
        // One cache for every notebook: keys hold a cell's source and everything it reads, never the notebook's name,
        // so notebooks that build the same base (e2e.md and tuning.md) share it.
        let cacheRoot = URL(fileURLWithPath: ".lorabook/cache/cells", isDirectory: true)
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let dataDirectory = DataLocation.dataDirectory(packageRoot: root)
        if verifyingData { try DataProvisioner(dataDirectory: dataDirectory, mirrorDirectory: nil).verifyPresent() }
        let environment = NotebookEnvironment(dataDirectory: dataDirectory,
                                              artifactsDirectory: savingFiles && RunWorld.isWriter ? location.artifactsStaging : nil,
                                              artifactsLinkName: location.baseName, dataParallelism: RunWorld.dataParallelism,
                                              sharding: RunWorld.sharding)
        let cache = CellCache(root: cacheRoot)
        if RunWorld.isWriter { cache.removeAbandonedPartials() }
        let runner = NotebookRunner(builtins: NotebookAPI.builtins(environment), restorers: NotebookAPI.restorers(environment),
                                    cache: cache, progress: RunWorld.progressReporter(), options: options)
        return (parsed, try runner.run(parsed))
    }
}

extension NotebookInvocation {
    /// Runs the notebook and writes its report as `run` does: a good run replaces the page and results (and the
    /// files it saved), a failed one writes `NAME.failed.html` beside them and leaves them alone. Under mpirun only
    /// rank 0 writes (the other ranks compute alongside and write nothing).
    /// Returns the outcome and the files written.
    func runWritingReport(useCache: Bool = true, refresh: [String] = [], verifyingData: Bool = true, location: OutputLocation? = nil,
                          metadata: [(key: String, value: String)] = []) throws -> (outcome: RunOutcome, written: [URL]) {
        let location = location ?? self.location
        if RunWorld.isWriter {
            try ReportOutput.prepare(location, notebook: notebookURL)
            try? FileManager.default.removeItem(at: location.artifactsStaging)
        }
        let (_, outcome) = try run(useCache: useCache, savingFiles: true, refresh: refresh, verifyingData: verifyingData,
                                   location: location, metadata: metadata)
        guard RunWorld.isWriter else { return (outcome, []) }
        let written = try ReportOutput.write(outcome, to: location)
        try ReportOutput.settleArtifacts(location, runSucceeded: outcome.failure == nil)
        return (outcome, written)
    }
}

/// Runs a command's body: an error other than an exit code is printed as its one line, and the command exits 1.
func exitingOnFailure(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        throw ExitCode.failure
    }
}

/// A failure that prints its one line and exits non-zero.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
