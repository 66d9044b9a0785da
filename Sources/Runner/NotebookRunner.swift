import Foundation
import Notebook
import Report
import Script

/// How one `lorabook run` behaves.
public struct RunOptions: Sendable {
    /// Reuse cached results of `cache=true` cells whose inputs are unchanged.
    public var useCache = true
    /// Cell ids to run again even when cached.
    public var refresh: Set<String> = []
    /// `name=value` overrides of the parameters cell, in the order given (a params file's come first).
    public var overrides: [String] = []
    /// Folded into every cache key: results from another engine build or thread count are not reused. The CLI passes
    /// `BuildInfo.engineDigest`, a digest of the engine's sources made at build time.
    public var engineBuild = "0"
    /// Folded into every cache key and shown in the run's metadata: a fingerprint of the data the builtins read, so a
    /// result computed from other data is not reused. The caller, who knows the data, passes it (the CLI passes
    /// `DataManifest.fingerprint`); empty when the builtins read no data.
    public var dataFingerprint = ""
    public var threads = 1
    /// Extra key/values for the report's run metadata and results.json (commit, machine, ...).
    public var metadata: [(key: String, value: String)] = []
    /// The processes this run shares its cells with (one, outside mpirun).
    public var collective = RunCollective.single

    public init() {}
}

/// What a run produced: the page, the results, and the first failure if a cell failed.
public struct RunOutcome: Sendable {
    public var document: ReportDocument
    public var results: ResultsFile
    /// The failing cell's diagnostic, `file:line:col: error: ...`; later cells did not run.
    public var failure: String?

    public init(document: ReportDocument, results: ResultsFile, failure: String? = nil) {
        self.document = document
        self.results = results
        self.failure = failure
    }
}

/// Runs a notebook's code cells in order with one interpreter, reusing cached cells whose source and
/// inputs are unchanged, and builds the report page and the results file.
public final class NotebookRunner {
    let builtins: BuiltinRegistry
    let restorers: [String: ObjectRestorer]
    let cache: CellCache
    let progress: ProgressReporter
    let options: RunOptions
    /// Whether storing a result has failed once (the note is not repeated for every cell).
    private var cacheWriteFailed = false

    public init(builtins: BuiltinRegistry, restorers: [String: ObjectRestorer], cache: CellCache,
                progress: ProgressReporter, options: RunOptions) {
        self.builtins = builtins
        self.restorers = restorers
        self.cache = cache
        self.progress = progress
        self.options = options
    }

    /// Runs `notebook`; `displayPath` is the file name diagnostics use.
    public func run(_ notebook: Notebook) throws -> RunOutcome {
        let started = Date()
        let interpreter = Interpreter(builtins: builtins)
        interpreter.budget = try CellBudget(frontMatter: notebook.frontMatter, file: notebook.file)
        var cellsByID: [String: ReportCell] = [:]
        var records: [CellRecord] = []
        var entries: [ResultEntry] = []
        var failure: String?
        var parameterValues: [String: String] = [:]

        let unknownRefresh = options.refresh.subtracting(notebook.cells.map(\.id))
        if let id = unknownRefresh.sorted().first {
            throw RunnerError.unknownCell(id: id, known: notebook.cells.map(\.id))
        }
        if !options.overrides.isEmpty && notebook.parametersCell == nil {
            throw RunnerError.noParametersCell(file: notebook.file)
        }

        for (index, cell) in notebook.cells.enumerated() {
            let cellStart = Date()
            if failure != nil || !cell.options.eval {
                cellsByID[cell.id] = ReportCell(id: cell.id, source: cell.source, echo: cell.options.echo, status: .notRun)
                records.append(CellRecord(id: cell.id, state: "not run", seconds: 0))
                continue
            }
            progress.note("[\(index + 1)/\(notebook.cells.count) \(cell.id)] running")
            interpreter.cellName = cell.id
            do {
                let program = try Program(parsing: cell.source, file: notebook.file, line: cell.codeStart.line,
                                          column: cell.codeStart.column)
                if cell.isParameters {
                    let (table, values) = try bindParameters(program, source: cell.source, firstLine: cell.codeStart.line,
                                                             into: interpreter)
                    parameterValues = values
                    let seconds = Date().timeIntervalSince(cellStart)
                    cellsByID[cell.id] = ReportCell(id: cell.id, source: cell.source, echo: cell.options.echo,
                                                    status: .ran(seconds: seconds), outputs: [.table(table)])
                    records.append(CellRecord(id: cell.id, state: "ran", seconds: seconds))
                    continue
                }
                let executed = try execute(cell, program: program, interpreter: interpreter,
                                           position: (index + 1, notebook.cells.count))
                entries += executed.entries
                let status: CellStatus = executed.cached ? .cached(seconds: executed.seconds) : .ran(seconds: executed.seconds)
                cellsByID[cell.id] = ReportCell(id: cell.id, source: cell.source, echo: cell.options.echo, status: status,
                                                outputs: executed.outputs, provenance: executed.provenance?.description)
                records.append(CellRecord(id: cell.id, state: executed.cached ? "cached" : "ran", seconds: executed.seconds,
                                          madeBy: executed.provenance))
                progress.note("[\(cell.id)] \(executed.cached ? "cached" : "done") in \(String(format: "%.1f", executed.seconds)) s")
            } catch let error as ParameterError {
                throw error
            } catch {
                let message = Self.diagnostic(for: error, cell: cell, file: notebook.file)
                failure = message
                progress.note(message)
                cellsByID[cell.id] = ReportCell(id: cell.id, source: cell.source, echo: cell.options.echo, status: .error,
                                                outputs: [.error(CellError(message: message))])
                records.append(CellRecord(id: cell.id, state: "error", seconds: Date().timeIntervalSince(cellStart)))
            }
            // A cell that failed on some process only (memory, a file) stops every process after it.
            if options.collective.size > 1, !options.collective.allAgree(failure == nil), failure == nil {
                let message = "\(notebook.file): error: cell '\(cell.id)' failed on another process (see its message above)"
                failure = message
                progress.note(message)
                cellsByID[cell.id] = ReportCell(id: cell.id, source: cell.source, echo: cell.options.echo, status: .error,
                                                outputs: [.error(CellError(message: message))])
                records[records.count - 1].state = "error"
            }
        }

        let total = Date().timeIntervalSince(started)
        var metadata = options.metadata
        metadata.append((key: "threads", value: "\(options.threads)"))
        metadata.append((key: "engine build", value: String(options.engineBuild.prefix(12))))
        if !options.dataFingerprint.isEmpty { metadata.append((key: "data", value: options.dataFingerprint)) }
        metadata.append((key: "total time", value: String(format: "%.1f s", total)))
        entries.append(ResultEntry(key: "run.seconds", kind: .timing, number: total))
        let document = ReportDocument(notebook: notebook, cell: { cellsByID[$0.id]! }, metadata: metadata)
        let results = ResultsFile(notebook: notebook.file, parameters: parameterValues, entries: entries, cells: records,
                                  metadata: Dictionary(metadata.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 }))
        return RunOutcome(document: document, results: results, failure: failure)
    }

    /// Binds the parameters cell's `let`s, with the overrides applied; shows them as a table with what each
    /// means (the comment ending its line) and, for an overridden one, its default.
    func bindParameters(_ program: Program, source: String, firstLine: Int,
                        into interpreter: Interpreter) throws -> (ReportTable, [String: String]) {
        var parameters = try NotebookParameters(reading: program)
        parameters.readNotes(fromSource: source, firstLine: firstLine)
        let defaults = parameters
        try parameters.override(with: options.overrides)
        parameters.bind(into: interpreter)
        var values: [String: String] = [:]
        var rows: [[TableCell]] = []
        for parameter in parameters.parameters {
            values[parameter.name] = parameter.value.description
            var meaning = parameter.note ?? ""
            if let original = defaults[parameter.name], original != parameter.value {
                meaning = "overridden (default \(original.description))" + (meaning.isEmpty ? "" : ". " + meaning)
            }
            rows.append([.text(parameter.name), .text(parameter.value.description), .text(meaning)])
        }
        let explained = rows.contains { $0[2] != .text("") }
        let table = ReportTable(caption: "Parameters of this run",
                                columns: [TableColumn("name"), TableColumn("value")] + (explained ? [TableColumn("meaning")] : []),
                                rows: explained ? rows : rows.map { Array($0.prefix(2)) })
        return (table, values)
    }

    struct ExecutedCell {
        var outputs: [CellOutput]
        var entries: [ResultEntry]
        var seconds: Double
        var cached: Bool
        /// For a cached cell, the build, commit and date that computed it.
        var provenance: CellProvenance?
    }

    /// What the cache stores for a cell: its bindings and displayed values.
    struct CacheEntry: Codable {
        var defined: [String]
        var mutable: [Bool]
        var values: [StoredValue]
        var outputs: [StoredValue]
        var seconds: Double
        /// Which build made the entry, from which commit and when (nil in entries from before it was recorded).
        var made: CellProvenance?
    }

    /// `position`: the cell's place among the notebook's code cells, for progress lines.
    func execute(_ cell: CodeCell, program: Program, interpreter: Interpreter,
                 position: (index: Int, count: Int)? = nil) throws -> ExecutedCell {
        let started = Date()
        let key = cacheKey(for: cell, program: program, interpreter: interpreter)
        let wanted = cell.options.cache && options.useCache && !options.refresh.contains(cell.id)
        var found = wanted ? cache.lookup(key) : nil
        if options.collective.size > 1, wanted, !options.collective.allAgree(found != nil) { found = nil }
        if let folder = found {
            do {
                let restored = try restore(folder, into: interpreter)
                return ExecutedCell(outputs: restored.outputs.flatMap(Self.reportOutputs),
                                    entries: resultEntries(cell: cell, defined: restored.defined, outputs: restored.outputs,
                                                           interpreter: interpreter),
                                    seconds: restored.seconds, cached: true, provenance: restored.made)
            } catch {
                // A damaged entry must never stop the run: drop it and compute the cell afresh.
                progress.note("[\(cell.id)] ignoring its cached result at \(folder.path): \(error); running the cell again")
                if options.collective.isWriter { cache.remove(key) }
                if options.collective.size > 1 {
                    // The other processes took the entry: computing alone here would leave them out of step.
                    throw RunnerError.io(path: folder.path, reason: "a damaged cache entry (\(error)); run again to compute the cell")
                }
            }
        }
        let context = ExecutionContext(onProgress: { [progress] report in
            if let fraction = report.fraction {
                progress.update(task: report.callee, fraction: fraction, details: [report.message])
            } else {
                progress.note("[\(cell.id)] \(report.message)")
            }
        })
        progress.begin(cell.id, position: position?.index, count: position?.count)
        let result = try interpreter.execute(program, context: context)
        var displayed = result.outputs.map(\.value)
        if let value = result.value { displayed.append(value) }
        let seconds = Date().timeIntervalSince(started)
        if cell.options.cache, options.collective.isWriter { store(result, cellID: cell.id, displayed: displayed, seconds: seconds, key: key, interpreter: interpreter) }
        return ExecutedCell(outputs: displayed.flatMap(Self.reportOutputs),
                            entries: resultEntries(cell: cell, defined: result.defined, outputs: displayed,
                                                   interpreter: interpreter),
                            seconds: seconds, cached: false)
    }

    /// Stores a cell's result. A value the cache cannot store is said in one line (the cell runs again next time);
    /// a cache that cannot be written (read-only folder, full disk) is said once per run.
    func store(_ result: CellResult, cellID: String, displayed: [Value], seconds: Double, key: String, interpreter: Interpreter) {
        do {
            try cache.store(key) { folder in
                var counter = 0
                let entry = CacheEntry(
                    defined: result.defined,
                    mutable: result.defined.map { interpreter.isMutable($0) },
                    values: try result.defined.map {
                        try StoredValue.store(interpreter.value(of: $0) ?? .null, in: folder, counter: &counter)
                    },
                    outputs: try displayed.map { try StoredValue.store($0, in: folder, counter: &counter) },
                    seconds: seconds,
                    made: CellProvenance(build: String(options.engineBuild.prefix(12)),
                                         commit: options.metadata.first { $0.key == "commit" && $0.value != "unknown" }?.value,
                                         date: ISO8601DateFormatter().string(from: Date())))
                try JSONEncoder().encode(entry).write(to: folder.appendingPathComponent("cell.json"))
            }
        } catch let error as NotCacheable {
            progress.note("[\(cellID)] not cached: \(error); it will run again next time")
        } catch {
            if !cacheWriteFailed {
                progress.note("cache: cannot store results in \(cache.root.path) (\(error.localizedDescription)); "
                              + "cached cells will run again next time")
            }
            cacheWriteFailed = true
        }
    }

    /// The cell's source and options, the fingerprints of every name it reads, the engine build,
    /// the data checksums and the thread count.
    func cacheKey(for cell: CodeCell, program: Program, interpreter: Interpreter) -> String {
        var key = CacheKey()
        key.add("source", cell.source)
        key.add("echo", "\(cell.options.echo)")
        key.add("engine", options.engineBuild)
        key.add("threads", "\(options.threads)")
        // Data-parallel training sums gradients in another order: its models are not the one-process models' bits.
        if options.collective.size > 1 { key.add("ranks", "\(options.collective.size)") }
        key.add("data", options.dataFingerprint)
        let dependencies = CellDependencies(analyzing: program, builtins: Set(builtins.names))
        for name in dependencies.reads.sorted() {
            key.add("read " + name, interpreter.value(of: name)?.fingerprint ?? "(undefined)")
        }
        return key.digest
    }

    func restore(_ folder: URL, into interpreter: Interpreter) throws
        -> (defined: [String], outputs: [Value], seconds: Double, made: CellProvenance?) {
        try cache.verify(folder)
        let entry: CacheEntry
        do {
            entry = try JSONDecoder().decode(CacheEntry.self, from: Data(contentsOf: folder.appendingPathComponent("cell.json")))
        } catch {
            throw CacheEntryError(reason: "its cell.json cannot be read")
        }
        guard entry.values.count == entry.defined.count, entry.mutable.count == entry.defined.count else {
            throw CacheEntryError(reason: "its cell.json lists \(entry.defined.count) names but \(entry.values.count) values "
                                  + "and \(entry.mutable.count) flags")
        }
        let values = try entry.values.map { try $0.restore(from: folder, restorers: restorers) }
        let outputs = try entry.outputs.map { try $0.restore(from: folder, restorers: restorers) }
        for (index, name) in entry.defined.enumerated() {
            interpreter.define(name, as: values[index], mutable: entry.mutable[index])
        }
        return (entry.defined, outputs, entry.seconds, entry.made)
    }

    /// Entries of the objects a cell bound (keyed by their names) and displayed without binding (keyed by cell).
    /// A displayed object that some name already holds (bound here or in an earlier cell) is reported once,
    /// under its name.
    func resultEntries(cell: CodeCell, defined: [String], outputs: [Value], interpreter: Interpreter) -> [ResultEntry] {
        var entries: [ResultEntry] = []
        for name in defined {
            if case .object(let object)? = interpreter.value(of: name), let reportable = object as? ReportableObject {
                entries += reportable.resultEntries(key: name)
            }
        }
        let named = Set(interpreter.globalNames.compactMap { name -> String? in
            if case .object(let object)? = interpreter.value(of: name) { return object.fingerprint }
            return nil
        })
        for (index, output) in outputs.enumerated() {
            if case .object(let object) = output, let reportable = object as? ReportableObject,
               !named.contains(object.fingerprint) {
                entries += reportable.resultEntries(key: "\(cell.id)[\(index)]")
            }
        }
        return entries
    }

    static func reportOutputs(_ value: Value) -> [CellOutput] {
        switch value {
        case .object(let object):
            if let reportable = object as? ReportableObject { return reportable.reportOutputs }
            return [.text(object.summary)]
        case .string(let text):
            return [.text(text)]
        default:
            return [.text(value.description)]
        }
    }

    static func diagnostic(for error: any Error, cell: CodeCell, file: String) -> String {
        if let diagnostic = error as? Diagnostic { return diagnostic.description }
        return "\(file):\(cell.codeStart.line):\(cell.codeStart.column): error: \(error)"
    }
}
