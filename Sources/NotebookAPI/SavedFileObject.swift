import DataStore
import Foundation
import Report
import Runner
import Script

/// A file a run saved beside its report, as the official E2E scorer reads it: what it holds and its digest.
public final class SavedFileObject: ReportableObject, PersistableObject {
    struct Stored: Codable {
        /// Path relative to the report's folder: `e2e/test-predictions-lora.txt`.
        var relativePath: String
        var lines: Int
        var bytes: Int
        var sha256: String
        var contents: String
    }

    let stored: Stored

    init(stored: Stored) {
        self.stored = stored
    }

    public var typeName: String { "SavedFile" }
    public var memberNames: [String] { ["path", "lines", "sha256"] }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "path": return .string(stored.relativePath)
        case "lines": return .int(stored.lines)
        case "sha256": return .string(stored.sha256)
        default: return nil
        }
    }

    public var fingerprint: String { stored.sha256 }
    public var summary: String { "\(stored.relativePath): \(stored.lines) lines, SHA-256 \(stored.sha256)" }

    public var reportOutputs: [CellOutput] {
        [.html(.fileLink(href: stored.relativePath, label: stored.relativePath,
                         note: "\(stored.lines) lines, \(stored.bytes) bytes, SHA-256 \(stored.sha256.prefix(16))…"))]
    }

    public func resultEntries(key: String) -> [ResultEntry] {
        [ResultEntry(key: "\(key).sha256", kind: .text, text: stored.sha256),
         ResultEntry(key: "\(key).lines", kind: .count, number: Double(stored.lines))]
    }

    public func persist(to directory: URL) throws {
        try JSONEncoder().encode(stored).write(to: directory.appendingPathComponent("saved.json"))
    }

    static func restorer(_ environment: NotebookEnvironment) -> ObjectRestorer {
        { directory in
            let stored = try JSONDecoder().decode(Stored.self, from: Data(contentsOf: directory.appendingPathComponent("saved.json")))
            // A cached cell brings its file back too, so the folder beside the report always matches the report.
            try write(stored, environment: environment)
            return SavedFileObject(stored: stored)
        }
    }

    static func write(_ stored: Stored, environment: NotebookEnvironment) throws {
        guard let folder = environment.artifactsDirectory else { return }
        let name = String(stored.relativePath.split(separator: "/").last ?? "")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(stored.contents.utf8).write(to: folder.appendingPathComponent(name), options: .atomic)
    }

    /// `save(_ value:, as name:, references:)`: generations as the scorer's predictions file (one output per line, in
    /// the dataset's MR order), a dataset as its references file (each MR's references, groups separated by a blank
    /// line; `references:` "tokenized" or "original" as in `evaluate`), a model as a folder (`SavedFolderObject`: a PEFT
    /// adapter or a Hugging Face checkpoint). Written under `report/NAME/` once the run succeeds; `check` writes
    /// nothing and compares the digests.
    static func builtin(_ environment: NotebookEnvironment) -> Builtin {
        Builtin("save",
                parameters: [.unlabeled("value", .any), Parameter("as", .string),
                             Parameter("references", .string, default: .string("tokenized"))],
                summary: "Saves generations or a dataset's references (the E2E scorer's files) or a model (a PEFT adapter or HF checkpoint) beside the report.") { arguments, _ in
            let name = try arguments.string("as")
            guard !name.isEmpty, !name.contains("/"), !name.hasPrefix("."), name.utf8.count <= 200 else {
                throw NotebookAPIError("save(as:) takes a plain file name (no '/', not starting with '.'), not \"\(name)\"")
            }
            guard case .object(let object) = arguments["value"] ?? .null else {
                throw NotebookAPIError("save(_:) takes generations, a dataset or a model")
            }
            if let model = object as? ModelObject {
                return .object(try SavedFolderObject.save(model, name: name, environment: environment))
            }
            var lines: [String]
            if let generations = object as? GenerationsObject {
                lines = generations.outputs.map { $0.replacingOccurrences(of: "\n", with: " ") }
            } else if let dataset = object as? DatasetObject {
                let groups: [[String]]
                switch try arguments.string("references") {
                case "tokenized": groups = dataset.split.groups.map(\.references)
                case "original": groups = dataset.split.groups.map(\.rawReferences)
                case let other: throw NotebookAPIError("save(references:) is \"tokenized\" or \"original\", not \"\(other)\"")
                }
                lines = groups.map { $0.map { $0.replacingOccurrences(of: "\n", with: " ") }.joined(separator: "\n") + "\n" }
                if !lines.isEmpty { lines[lines.count - 1].removeLast() }
            } else {
                throw NotebookAPIError("save(_:) takes generations, a dataset or a model, not \(object.typeName)")
            }
            let contents = lines.map { $0 + "\n" }.joined()
            let stored = Stored(relativePath: "\(environment.artifactsLinkName)/\(name)", lines: contents.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) },
                                bytes: contents.utf8.count, sha256: SHA256.hex(of: Array(contents.utf8)), contents: contents)
            try write(stored, environment: environment)
            return .object(SavedFileObject(stored: stored))
        }
    }
}
