import AtomicWrite
import Foundation
import ReportAssets

/// Renders a `ReportDocument` as one self-contained HTML5 file: inline CSS and script (from assets/), inline SVG,
/// no fetches. Figures and tables are numbered in page order; `@fig-ID` / `@tbl-ID` in prose link to the first
/// figure or table of the cell `{#fig-ID}` / `{#tbl-ID}` as "Figure N" / "Table N".
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
        html += "<title>\(escape(document.title))</title>\n<style>\n\(ReportAssets.css)</style>\n</head>\n<body>\n"
        let floats = Floats(document)
        let summaries = document.blocks.flatMap { block -> [ReportSummary] in
            guard case .cell(let cell) = block else { return [] }
            return cell.outputs.compactMap { if case .summary(let summary) = $0 { return summary } else { return nil } }
        }
        html += header(document, summary: summaries.first)
        html += "<div class=\"page\">\n"
        html += tableOfContents(headings, floats: floats, summaryTitle: summaries.first?.title, hasMetadata: !document.metadata.isEmpty)
        html += "<main class=\"content\">\n"
        if document.blocks.contains(where: { if case .cell(let cell) = $0 { return cell.echo } else { return false } }) {
            html += "<div class=\"code-toggle\" hidden><button type=\"button\">Show all code</button></div>\n"
        }
        var counter = CellRenderer.FloatCounter()
        for block in document.blocks {
            switch block {
            case .prose(let prose, _):
                let resolved = CrossReferences.resolve(HTMLSanitizer.sanitize(prose), floats.references)
                html += "<div class=\"prose\">\n\(resolved)</div>\n"
            case .heading(let heading):
                let level = min(max(heading.level, 1), 6)
                html += "<h\(level) id=\"\(escape(heading.id))\">\(escape(heading.text))</h\(level)>\n"
            case .cell(let cell):
                var renderer = CellRenderer(cell: cell, counter: counter, references: floats.references)
                html += renderer.html()
                counter = renderer.counter
            }
        }
        html += metadata(document.metadata)
        html += "</main>\n</div>\n<script>\n\(script)</script>\n</body>\n</html>\n"
        return html
    }

    /// The page's script, safe to inline: a `</` inside it could never close the element early.
    static var script: String { ReportAssets.javascript.replacingOccurrences(of: "</", with: "<\\/") }

    /// The page's figures and tables in order, and what `@fig-ID` / `@tbl-ID` resolve to.
    struct Floats {
        var figures: [(label: String, caption: String)] = []
        var tables: [(label: String, caption: String)] = []
        var references: [String: String] = [:]

        init(_ document: ReportDocument) {
            for block in document.blocks {
                guard case .cell(let cell) = block else { continue }
                for (isFigure, caption) in CellRenderer.floats(cell) {
                    let label = isFigure ? "Figure \(figures.count + 1)" : "Table \(tables.count + 1)"
                    if isFigure { figures.append((label, caption)) } else { tables.append((label, caption)) }
                    if cell.id.hasPrefix(isFigure ? "fig-" : "tbl-"), references[cell.id] == nil { references[cell.id] = label }
                }
            }
        }
    }

    /// Writes the page to `url` through a temporary file in the same folder and a rename,
    /// so a reader never sees half a report.
    public static func write(_ document: ReportDocument, to url: URL) throws {
        try AtomicWrite.write(render(document), to: url)
    }

    private static func header(_ document: ReportDocument, summary: ReportSummary?) -> String {
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
        if let summary { html += summaryBox(summary) }
        return html + "</header>\n"
    }

    /// The run at a glance, under the title: the verdict, the scale, the headline numbers with the paper's.
    private static func summaryBox(_ summary: ReportSummary) -> String {
        var html = "<section class=\"summary\" id=\"_summary\" aria-labelledby=\"_summary-title\">\n"
            + "<h2 id=\"_summary-title\">\(escape(summary.title))</h2>\n"
            + "<p class=\"verdict\">\(InlineMarkdown.inline(summary.verdict))</p>\n"
        if !summary.facts.isEmpty {
            html += "<dl>" + summary.facts.map { "<div><dt>\(escape($0.label))</dt><dd>\(escape($0.value))</dd></div>" }.joined() + "</dl>\n"
        }
        if let table = summary.table { html += TableRenderer(table: table).html() + "\n" }
        return html + "</section>\n"
    }

    private static func tableOfContents(_ headings: [ReportHeading], floats: Floats, summaryTitle: String?, hasMetadata: Bool) -> String {
        let listed = headings.filter { $0.level <= 3 }
        guard !listed.isEmpty || hasMetadata || summaryTitle != nil || !floats.figures.isEmpty || !floats.tables.isEmpty else { return "" }
        let topLevel = listed.map(\.level).min() ?? 2
        var html = "<nav class=\"toc\" aria-label=\"Table of contents\">\n<p class=\"toc-title\">Contents</p>\n<ul>\n"
        if let summaryTitle { html += "<li class=\"toc-depth-0\"><a href=\"#_summary\">\(escape(summaryTitle))</a></li>\n" }
        for heading in listed {
            html += "<li class=\"toc-depth-\(heading.level - topLevel)\"><a href=\"#\(escape(heading.id))\">\(escape(heading.text))</a></li>\n"
        }
        if hasMetadata { html += "<li class=\"toc-depth-0\"><a href=\"#run-metadata\">Run metadata</a></li>\n" }
        html += "</ul>\n"
        for (title, items, anchor) in [("Figures", floats.figures, "figure"), ("Tables", floats.tables, "table")] where !items.isEmpty {
            html += "<p class=\"toc-title toc-list-title\">\(title)</p>\n<ul class=\"toc-floats\">\n"
            for (index, item) in items.enumerated() {
                let caption = item.caption.isEmpty ? "" : ": " + escape(item.caption)
                html += "<li><a href=\"#\(anchor)-\(index + 1)\">\(item.label)\(caption)</a></li>\n"
            }
            html += "</ul>\n"
        }
        return html + "</nav>\n"
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
