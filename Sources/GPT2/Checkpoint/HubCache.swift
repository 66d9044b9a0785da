import Foundation

extension Checkpoint {
    /// A checkpoint folder from a path, or from a Hugging Face model id (`gpt2-medium`,
    /// `openai-community/gpt2-medium`) found in the local hub cache: `$HF_HUB_CACHE`, else `$HF_HOME/hub`,
    /// else `$XDG_CACHE_HOME/huggingface/hub`, then `~/.cache/huggingface/hub`; never downloads.
    public static func resolve(_ nameOrPath: String,
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        let expanded = nameOrPath.hasPrefix("~/") ? home + nameOrPath.dropFirst() : nameOrPath
        var looked: [String] = []
        if isDirectory(expanded) {
            let url = URL(fileURLWithPath: expanded, isDirectory: true)
            guard isComplete(url) else {
                throw CheckpointError(file: expanded, problem: .notFound(
                    looked: ["\(expanded) (needs \(configFileName) and \(weightsFileName))"]))
            }
            return url
        }
        looked.append(expanded)
        for root in hubRoots(environment: environment, home: home) {
            for folder in repositoryFolders(for: nameOrPath) {
                let repository = URL(fileURLWithPath: root, isDirectory: true).appendingPathComponent(folder)
                looked.append(repository.appendingPathComponent("snapshots").path)
                if let snapshot = completeSnapshot(in: repository) { return snapshot }
            }
        }
        throw CheckpointError(file: nameOrPath, problem: .notFound(looked: looked))
    }

    private static func hubRoots(environment: [String: String], home: String) -> [String] {
        func value(_ key: String) -> String? { environment[key].flatMap { $0.isEmpty ? nil : $0 } }
        let primary: String
        if let hubCache = value("HF_HUB_CACHE") {
            primary = hubCache
        } else if let hfHome = value("HF_HOME") {
            primary = hfHome + "/hub"
        } else if let xdg = value("XDG_CACHE_HOME") {
            primary = xdg + "/huggingface/hub"
        } else {
            primary = home + "/.cache/huggingface/hub"
        }
        let fallback = home + "/.cache/huggingface/hub"
        return primary == fallback ? [primary] : [primary, fallback]
    }

    /// Hub cache folder names for a model id; bare legacy names (`gpt2`) now live under `openai-community/`.
    private static func repositoryFolders(for id: String) -> [String] {
        let parts = id.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else { return [] }
        switch parts.count {
        case 1: return ["models--openai-community--\(id)", "models--\(id)"]
        case 2 where parts[0] == "openai-community": return ["models--openai-community--\(parts[1])", "models--\(parts[1])"]
        case 2: return ["models--\(parts[0])--\(parts[1])"]
        default: return []
        }
    }

    /// The snapshot `refs/main` names when complete, else the first complete snapshot by name.
    private static func completeSnapshot(in repository: URL) -> URL? {
        let snapshots = repository.appendingPathComponent("snapshots", isDirectory: true)
        if let main = try? String(contentsOf: repository.appendingPathComponent("refs/main"), encoding: .utf8) {
            let commit = main.trimmingCharacters(in: .whitespacesAndNewlines)
            let snapshot = snapshots.appendingPathComponent(commit, isDirectory: true)
            if !commit.isEmpty, !commit.contains("/"), isComplete(snapshot) { return snapshot }
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: snapshots.path)) ?? []
        return names.sorted().lazy
            .map { snapshots.appendingPathComponent($0, isDirectory: true) }
            .first(where: isComplete)
    }

    private static func isComplete(_ folder: URL) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent(configFileName).path)
            && FileManager.default.fileExists(atPath: folder.appendingPathComponent(weightsFileName).path)
    }

    private static func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }
}
