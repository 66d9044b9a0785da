import Foundation

/// Where a notebook's report goes: `report/NAME.html` at the project root when the notebook sits in a
/// `notebooks/` folder, else beside the notebook; `--out` overrides. A params file adds its name,
/// so runs with different parameters never overwrite each other.
public struct OutputLocation: Sendable, Equatable {
    public var directory: URL
    public var baseName: String

    public init(notebook: URL, outDirectory: URL? = nil, paramsFile: URL? = nil) {
        let folder = notebook.deletingLastPathComponent()
        if let outDirectory {
            directory = outDirectory
        } else if folder.lastPathComponent == "notebooks" {
            directory = folder.deletingLastPathComponent().appendingPathComponent("report", isDirectory: true)
        } else {
            directory = folder
        }
        var name = notebook.deletingPathExtension().lastPathComponent
        if let paramsFile { name += "." + paramsFile.deletingPathExtension().lastPathComponent }
        baseName = name
    }

    public var html: URL { directory.appendingPathComponent(baseName + ".html") }
    public var results: URL { directory.appendingPathComponent(baseName + ".results.json") }
    /// Where a failed run's page and results go, so the last good pair survives it.
    public var failedHTML: URL { directory.appendingPathComponent(baseName + ".failed.html") }
    public var failedResults: URL { directory.appendingPathComponent(baseName + ".failed.results.json") }
    /// Files the run saves (predictions, adapters), in a folder named after the report.
    public var artifacts: URL { directory.appendingPathComponent(baseName, isDirectory: true) }
    /// Where a run's files go until it succeeds; then they replace `artifacts` (a failed run leaves those alone).
    public var artifactsStaging: URL { directory.appendingPathComponent("." + baseName + ".artifacts-partial", isDirectory: true) }
}
