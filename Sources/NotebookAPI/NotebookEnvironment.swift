import DataStore
import E2E
import Foundation
import GPT2
import Metrics
import Tokenizer

/// What builtins need from the machine: the data folder, where saved files go and the processes of the run.
/// Loaded files are kept, so several cells share one tokenizer and one parsed split.
public final class NotebookEnvironment: @unchecked Sendable {
    public let dataDirectory: URL
    /// Where `save(...)` writes while the run goes (nil: nowhere, as `check` runs); the runner moves the files to the
    /// folder beside the report named `artifactsLinkName` (`report/e2e/`) once the run succeeds.
    public let artifactsDirectory: URL?
    public let artifactsLinkName: String
    /// Under mpirun with more than one process: how `pretrain` and `finetune` share each batch's rows (nil: alone).
    public let dataParallelism: DataParallelism?
    /// Under mpirun with more than one process: how `generate` and `evaluate` share out their MRs and gather the
    /// results (nil: alone).
    public let sharding: Sharding?
    private let lock = NSLock()
    private var tokenizerCache: GPT2Tokenizer?
    private var splits: [String: E2ESplit] = [:]
    private var meteorCache: METEOR?

    public init(dataDirectory: URL, artifactsDirectory: URL? = nil, artifactsLinkName: String? = nil,
                dataParallelism: DataParallelism? = nil, sharding: Sharding? = nil) {
        self.dataParallelism = dataParallelism
        self.sharding = sharding
        self.dataDirectory = dataDirectory
        self.artifactsDirectory = artifactsDirectory
        self.artifactsLinkName = artifactsLinkName ?? artifactsDirectory?.lastPathComponent ?? "report"
    }

    public func tokenizer() throws -> GPT2Tokenizer {
        try lock.withLock {
            if let tokenizerCache { return tokenizerCache }
            let loaded = try GPT2Tokenizer(directory: dataDirectory.appendingPathComponent("gpt2"))
            tokenizerCache = loaded
            return loaded
        }
    }

    /// METEOR 1.5 with its data and the paraphrase index `lorabook meteor-index` builds, loaded once.
    public func meteor() throws -> METEOR {
        try lock.withLock {
            if let meteorCache { return meteorCache }
            let root = dataDirectory.deletingLastPathComponent()
            let loaded = try METEOR(dataDirectory: dataDirectory.appendingPathComponent("meteor"),
                                    paraphraseIndex: METEOR.defaultParaphraseIndex(packageRoot: root))
            meteorCache = loaded
            return loaded
        }
    }

    /// The whole split, read once per run.
    func split(_ name: E2ESplitName) throws -> E2ESplit {
        try lock.withLock {
            if let cached = splits[name.rawValue] { return cached }
            let loaded = try E2ESplit.load(name, dataDirectory: dataDirectory)
            splits[name.rawValue] = loaded
            return loaded
        }
    }
}
