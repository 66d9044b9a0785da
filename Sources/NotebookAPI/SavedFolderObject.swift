import DataStore
import Foundation
import GPT2
import Report
import Runner
import Script
import AtomicWrite

/// A model a run saved beside its report in a format other tools load: a LoRA adapter as a PEFT folder
/// (`adapter_config.json` + `adapter_model.safetensors`), any other model as a Hugging Face checkpoint (`config.json` +
/// `model.safetensors`). A model on a corpus vocabulary adds `vocabulary.json`, the GPT-2 id of each of its rows.
public final class SavedFolderObject: ReportableObject, PersistableObject {
    struct Stored: Codable {
        /// Path relative to the report's folder: `e2e/lora-adapter`.
        var relativePath: String
        var format: String
        var files: [File]
    }

    struct File: Codable {
        var name: String
        var bytes: Int
        var sha256: String
    }

    let stored: Stored
    /// Where the files are now: the run's staging folder, a cache entry, or a temporary folder this object owns.
    let location: URL
    private let ownsLocation: Bool

    init(stored: Stored, location: URL, ownsLocation: Bool) {
        self.stored = stored
        self.location = location
        self.ownsLocation = ownsLocation
    }

    deinit {
        if ownsLocation { try? FileManager.default.removeItem(at: location) }
    }

    public var typeName: String { "SavedFolder" }
    public var memberNames: [String] { ["path", "format", "files"] }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "path": return .string(stored.relativePath)
        case "format": return .string(stored.format)
        case "files": return .array(stored.files.map { .string($0.name) })
        default: return nil
        }
    }

    public var fingerprint: String {
        SHA256.hex(of: Array((stored.relativePath + "\n" + stored.files.map { "\($0.name) \($0.sha256)" }.joined(separator: "\n")).utf8))
    }

    public var summary: String {
        "\(stored.relativePath)/: \(stored.format), " + stored.files.map { "\($0.name) (SHA-256 \($0.sha256))" }.joined(separator: ", ")
    }

    public var reportOutputs: [CellOutput] {
        stored.files.map { file in
            .html(.fileLink(href: "\(stored.relativePath)/\(file.name)", label: "\(stored.relativePath)/\(file.name)",
                            note: "\(stored.format), \(file.bytes) bytes, SHA-256 \(file.sha256.prefix(16))…"))
        }
    }

    public func resultEntries(key: String) -> [ResultEntry] {
        stored.files.map { ResultEntry(key: "\(key).sha256.\($0.name)", kind: .text, text: $0.sha256) }
    }

    public func persist(to directory: URL) throws {
        try JSONEncoder().encode(stored).write(to: directory.appendingPathComponent("saved.json"))
        let files = directory.appendingPathComponent("files", isDirectory: true)
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        for file in stored.files {
            try FileManager.default.copyItem(at: location.appendingPathComponent(file.name), to: files.appendingPathComponent(file.name))
        }
    }

    static func restorer(_ environment: NotebookEnvironment) -> ObjectRestorer {
        { directory in
            let stored = try JSONDecoder().decode(Stored.self, from: Data(contentsOf: directory.appendingPathComponent("saved.json")))
            let files = directory.appendingPathComponent("files", isDirectory: true)
            guard stored.files.allSatisfy({ isPlainName($0.name) }) else {
                throw CacheEntryError(reason: "a saved folder names a file outside it")
            }
            // A cached cell brings its folder back too, so what sits beside the report always matches the report.
            guard let target = try destination(name: String(stored.relativePath.split(separator: "/").last ?? ""),
                                               environment: environment) else {
                return SavedFolderObject(stored: stored, location: files, ownsLocation: false)
            }
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            for file in stored.files {
                try FileManager.default.copyItem(at: files.appendingPathComponent(file.name), to: target.appendingPathComponent(file.name))
            }
            return SavedFolderObject(stored: stored, location: target, ownsLocation: false)
        }
    }

    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && !name.contains("/") && !name.hasPrefix(".") && name.utf8.count <= 200
    }

    /// The folder under the run's staging folder, or nil when the run saves nothing (`check`).
    static func destination(name: String, environment: NotebookEnvironment) throws -> URL? {
        guard let folder = environment.artifactsDirectory else { return nil }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name, isDirectory: true)
    }

    /// Writes `model` as `name/` beside the report (a prefix-tuned model: its prefix; a LoRA model not merged: its
    /// adapter; a model with bottleneck adapters: them; else the whole model). PEFT cannot stack a LoRA and a prefix,
    /// so such a model is refused.
    static func save(_ object: ModelObject, name: String, environment: NotebookEnvironment) throws -> SavedFolderObject {
        let target = try destination(name: name, environment: environment)
        let folder = target ?? FileManager.default.temporaryDirectory.appendingPathComponent("lorabook-saved-\(UUID())", isDirectory: true)
        let model = object.model
        let format: String
        if model.prefix != nil && model.lora != nil {
            throw NotebookAPIError("save(): a model with both a LoRA adapter and a prefix has no PEFT format (PEFT cannot stack them)")
        }
        do {
            if let prefix = model.prefix {
                format = "PEFT prefix-tuning adapter"
                try PrefixAdapterFile.save(prefix, config: model.config, baseModel: "lorabook base \(object.fingerprint.prefix(16))",
                                           to: folder)
            } else if let lora = model.lora, !model.isLoRAMerged {
                format = "PEFT LoRA adapter"
                let targets = lora.options.targets
                try LoRAAdapterFile.save(tensors: model.loraTensors(), rank: lora.options.rank, alpha: lora.options.alpha,
                                         dropout: lora.options.dropout, targets: targets,
                                         baseModel: "lorabook base \(object.fingerprint.prefix(16))", base: model.config, to: folder)
            } else if let adapter = model.adapter {
                format = "\(adapter.options.label) bottleneck adapters"
                try BottleneckAdapterFile.save(adapter, baseModel: "lorabook base \(object.fingerprint.prefix(16))", to: folder)
            } else {
                format = "Hugging Face checkpoint"
                try Checkpoint.save(config: model.config, tensors: model.namedParameters(), to: folder)
            }
            if let vocabulary = object.vocabulary {
                let ids = "[" + vocabulary.originalIDs.map(String.init).joined(separator: ",") + "]\n"
                try AtomicWrite.write(ids, to: folder.appendingPathComponent(vocabularyFileName))
            }
        } catch {
            if target == nil { try? FileManager.default.removeItem(at: folder) }
            throw error
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
        let files = try names.map { name in
            let bytes = try Data(contentsOf: folder.appendingPathComponent(name))
            return File(name: name, bytes: bytes.count, sha256: SHA256.hex(of: bytes))
        }
        let stored = Stored(relativePath: "\(environment.artifactsLinkName)/\(name)", format: format, files: files)
        return SavedFolderObject(stored: stored, location: folder, ownsLocation: target == nil)
    }

    /// The GPT-2 id of each row of a model trained on a corpus vocabulary, beside its weights.
    public static let vocabularyFileName = "vocabulary.json"
}
