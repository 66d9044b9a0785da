import Foundation

/// Which request paths the preview answers, and the files of the report's folder they may reach.
struct ReportFolder: Sendable {
    let directory: URL
    let mainPage: String

    enum Target: Equatable {
        case currentPage
        case events
        case file(URL, contentType: String)
        case notFound
    }

    /// `/` and `/NAME.html` are the current page, `/events` the event stream; any other path names a regular file
    /// inside the folder, or nothing: no `..`, no hidden files (the cache, temporaries), no way out through a link.
    func resolve(_ requestPath: String) -> Target {
        let path = requestPath.removingPercentEncoding ?? requestPath
        let components = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if components.isEmpty || components == [mainPage] { return .currentPage }
        if components == ["events"] { return .events }
        guard !components.contains(where: { $0.hasPrefix(".") || $0.contains("\0") }) else { return .notFound }
        let root = directory.standardizedFileURL.resolvingSymlinksInPath()
        let url = components.reduce(root) { $0.appendingPathComponent($1) }.resolvingSymlinksInPath()
        guard url.path.hasPrefix(root.path.hasSuffix("/") ? root.path : root.path + "/") else { return .notFound }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return .notFound
        }
        return .file(url, contentType: Self.contentType(of: url.pathExtension))
    }

    static func contentType(of pathExtension: String) -> String {
        switch pathExtension.lowercased() {
        case "html": "text/html; charset=utf-8"
        case "json": "application/json"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "txt", "md", "csv", "tsv": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}
