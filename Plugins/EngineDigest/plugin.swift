import Foundation
import PackagePlugin

/// Generates `EngineDigest.swift` for the target it is applied to: a SHA-256 of the Swift sources of every
/// module whose code decides what a notebook cell computes. The cell cache keys on it, so a changed engine
/// never reuses old results. Rerun by the build whenever one of those files changes.
@main
struct EngineDigestPlugin: BuildToolPlugin {
    /// The modules whose sources the digest covers: everything between a cell's text and its values.
    /// Rendering (Report), parsing Markdown (Notebook: the cell's source is keyed itself) and the CLI are left out.
    static let engineModules = ["DataStore", "SeededRandom", "AtomicWrite", "GPT2TokenIDs", "Tokenizer", "E2E", "GPT2", "Metrics", "Script", "Runner", "NotebookAPI"]
    /// The package manifest holds the engine's compiler settings (flags such as a target CPU) and its dependency
    /// graph, which decide what the same sources compute, so it is digested as one more "module", `Package`.
    static let manifest = "Package.swift"
    /// The environment variable that names the CPU the engine is compiled for (Package.swift).
    static let targetCPUVariable = "LORABOOK_TARGET_CPU"

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL.standardizedFileURL.path
        let output = context.pluginWorkDirectoryURL.appending(path: "EngineDigest.swift")
        var arguments = [root, output.path]
        var inputs: [URL] = []
        for module in try context.package.targets(named: Self.engineModules) {
            guard let sources = module as? SourceModuleTarget else { continue }
            for file in sources.sourceFiles(withSuffix: "swift") {
                let path = file.url.standardizedFileURL.path
                guard path.hasPrefix(root + "/") else { continue }
                arguments.append("\(module.name)=\(path.dropFirst(root.count + 1))")
                inputs.append(file.url)
            }
        }
        arguments.append("Package=\(Self.manifest)")
        inputs.append(context.package.directoryURL.appending(path: Self.manifest))
        // The engine's target CPU, which the manifest reads from the environment (see Package.swift): digested as a
        // setting, since the manifest's text does not change with it.
        if let cpu = ProcessInfo.processInfo.environment[Self.targetCPUVariable], !cpu.isEmpty {
            arguments.append("--setting=targetCPU=\(cpu)")
        }
        return [.buildCommand(displayName: "Digesting the engine's sources for the cell cache",
                              executable: try context.tool(named: "engine-digest").url,
                              arguments: arguments, inputFiles: inputs, outputFiles: [output])]
    }
}
