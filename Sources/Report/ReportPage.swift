import Foundation

/// Renders a `ReportDocument` as one self-contained HTML5 file: inline CSS, inline SVG, no scripts, no fetches.
public enum ReportPage {
    /// The whole page. Text from data is escaped; author prose keeps its HTML minus anything that could run.
    public static func render(_ document: ReportDocument) -> String {
        let headings = document.blocks.flatMap { block -> [ReportHeading] in
            switch block {
            case .prose(_, let headings): return headings
            case .heading(let heading): return [heading]
            case .cell: return []
            }
        }
        var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<meta name=\"color-scheme\" content=\"light dark\">\n"
        html += "<meta name=\"generator\" content=\"lorabook\">\n"
        if let author = document.author { html += "<meta name=\"author\" content=\"\(escape(author))\">\n" }
        if let subtitle = document.subtitle { html += "<meta name=\"description\" content=\"\(escape(subtitle))\">\n" }
        html += "<title>\(escape(document.title))</title>\n<style>\n\(Stylesheet.css)</style>\n</head>\n<body>\n"
        html += header(document)
        html += "<div class=\"page\">\n"
        html += tableOfContents(headings, hasMetadata: !document.metadata.isEmpty)
        html += "<main class=\"content\">\n"
        for block in document.blocks {
            switch block {
            case .prose(let prose, _):
                html += "<div class=\"prose\">\n\(HTMLSanitizer.sanitize(prose))</div>\n"
            case .heading(let heading):
                let level = min(max(heading.level, 1), 6)
                html += "<h\(level) id=\"\(escape(heading.id))\">\(escape(heading.text))</h\(level)>\n"
            case .cell(let cell):
                html += CellRenderer(cell: cell).html()
            }
        }
        html += metadata(document.metadata)
        html += "</main>\n</div>\n</body>\n</html>\n"
        return html
    }

    /// Writes the page to `url` through a temporary file in the same folder and a rename,
    /// so a reader never sees half a report.
    public static func write(_ document: ReportDocument, to url: URL) throws {
        let data = Data(render(document).utf8)
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        try data.write(to: temporary)
        // rename(2) replaces the destination atomically; Foundation's replaceItemAt fails on Linux here.
        guard rename(temporary.path, url.path) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
    }

    private static func header(_ document: ReportDocument) -> String {
        var html = "<header class=\"title-block\">\n<h1 class=\"title\">\(escape(document.title))</h1>\n"
        if let subtitle = document.subtitle { html += "<p class=\"subtitle\">\(escape(subtitle))</p>\n" }
        var byline: [String] = []
        if let author = document.author {
            byline.append("<div><span class=\"byline-key\">Author</span><span class=\"byline-value\">\(escape(author))</span></div>")
        }
        if let date = document.date {
            byline.append("<div><span class=\"byline-key\">Date</span><span class=\"byline-value\">\(escape(date))</span></div>")
        }
        if !byline.isEmpty { html += "<div class=\"byline\">\(byline.joined())</div>\n" }
        return html + "</header>\n"
    }

    private static func tableOfContents(_ headings: [ReportHeading], hasMetadata: Bool) -> String {
        let listed = headings.filter { $0.level <= 3 }
        guard !listed.isEmpty || hasMetadata else { return "" }
        let topLevel = listed.map(\.level).min() ?? 2
        var html = "<nav class=\"toc\" aria-label=\"Table of contents\">\n<p class=\"toc-title\">Contents</p>\n<ul>\n"
        for heading in listed {
            html += "<li class=\"toc-depth-\(heading.level - topLevel)\"><a href=\"#\(escape(heading.id))\">\(escape(heading.text))</a></li>\n"
        }
        if hasMetadata { html += "<li class=\"toc-depth-0\"><a href=\"#run-metadata\">Run metadata</a></li>\n" }
        return html + "</ul>\n</nav>\n"
    }

    private static func metadata(_ items: [(key: String, value: String)]) -> String {
        guard !items.isEmpty else { return "" }
        var html = "<section class=\"run-metadata\" id=\"run-metadata\">\n<h2>Run metadata</h2>\n<dl>\n"
        for item in items {
            html += "<div><dt>\(escape(item.key))</dt><dd>\(escape(item.value))</dd></div>\n"
        }
        return html + "</dl>\n</section>\n"
    }

    private static func escape(_ text: String) -> String { HTMLEscaping.escape(text) }
}
