import Foundation

/// Where the provisioned data folder and the local mirror are.
public enum DataLocation {
    /// `$LORABOOK_DATA` when set, else `data/` under the package root.
    public static func dataDirectory(packageRoot: URL) -> URL {
        if let path = ProcessInfo.processInfo.environment["LORABOOK_DATA"], !path.isEmpty {
            return URL(fileURLWithPath: path, isDirectory: true)
        }
        return packageRoot.appendingPathComponent("data", isDirectory: true)
    }

    /// `$LORABOOK_DATA_MIRROR` when set, else `../shared/data` beside the package root when it exists.
    public static func mirrorDirectory(packageRoot: URL) -> URL? {
        if let path = ProcessInfo.processInfo.environment["LORABOOK_DATA_MIRROR"], !path.isEmpty {
            return URL(fileURLWithPath: path, isDirectory: true)
        }
        let shared = packageRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/data", isDirectory: true)
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: shared.path, isDirectory: &isDirectory) && isDirectory.boolValue
            ? shared : nil
    }

    /// The package root for code that runs from the source tree: tests pass `#filePath`.
    /// Walks up from `file` to the first folder holding `Package.swift`.
    public static func packageRoot(containing file: String) -> URL {
        var url = URL(fileURLWithPath: file).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
            url = url.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }

    /// The data folder as tests see it: provisioned by `make test` before `swift test` runs.
    /// Throws a clear error naming the missing file when it has not been provisioned.
    public static func testDataFile(_ path: String, sourceFile: String = #filePath) throws -> URL {
        let url = dataDirectory(packageRoot: packageRoot(containing: sourceFile)).appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DataError.missing(file: path, looked: [url.path],
                                    advice: "run `make data` (or `swift run -c release lorabook data`) first")
        }
        return url
    }
}
