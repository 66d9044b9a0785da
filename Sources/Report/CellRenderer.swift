import Foundation

/// Writes one code cell: a foldable source block with its state and time, then its outputs, always shown.
struct CellRenderer {
    let cell: ReportCell

    func html() -> String {
        let id = HTMLEscaping.escape(cell.id)
        var html = "<section class=\"cell status-\(statusClass)\" id=\"\(id)\">\n"
        let summary = "<span class=\"cell-id\">\(id)</span><span class=\"cell-status\">\(statusText)</span>"
        if cell.echo {
            html += "<details class=\"cell-code\"><summary>\(summary)</summary>"
                + "<pre class=\"code\"><code>\(SwiftHighlighter.html(cell.source))</code></pre></details>\n"
        } else {
            html += "<div class=\"cell-code cell-code-hidden\">\(summary)</div>\n"
        }
        if let provenance = cell.provenance {
            html += "<p class=\"cell-provenance\">\(HTMLEscaping.escape(provenance))</p>\n"
        }
        if !cell.outputs.isEmpty {
            html += "<div class=\"cell-outputs\">\n"
            for output in cell.outputs { html += Self.render(output) + "\n" }
            html += "</div>\n"
        }
        return html + "</section>\n"
    }

    static func render(_ output: CellOutput) -> String {
        switch output {
        case .text(let text):
            return "<pre class=\"output-text\">\(HTMLEscaping.escape(text))</pre>"
        case .prose(let text):
            return InlineMarkdown.html(text)
        case .table(let table):
            return TableRenderer(table: table).html()
        case .figure(let chart):
            return "<figure class=\"output-figure\">\(ChartRenderer(chart: chart).svg())</figure>"
        case .samples(let samples):
            let items = samples.map { sample in
                "<div class=\"sample\"><div class=\"sample-label\">\(HTMLEscaping.escape(sample.label))</div>"
                    + "<div class=\"sample-text\">\(HTMLEscaping.escape(sample.text))</div></div>"
            }
            return "<div class=\"samples\">\(items.joined())</div>"
        case .error(let error):
            let position = error.position.map { "<code class=\"error-position\">\(HTMLEscaping.escape($0))</code> " } ?? ""
            return "<div class=\"output-error\" role=\"alert\"><span class=\"error-label\">Error</span> "
                + "\(position)<span class=\"error-message\">\(HTMLEscaping.escape(error.message))</span></div>"
        case .html(let fragment):
            return fragment.markup
        }
    }

    private var statusClass: String {
        switch cell.status {
        case .ran: return "ran"
        case .cached: return "cached"
        case .error: return "error"
        case .notRun: return "not-run"
        }
    }

    private var statusText: String {
        switch cell.status {
        case .ran(let seconds): return "ran in \(Self.duration(seconds))"
        case .cached(let seconds): return "cached · took \(Self.duration(seconds))"
        case .error: return "failed"
        case .notRun: return "not run"
        }
    }

    /// "under 0.01 s", "0.42 s", "12.3 s", "3 min 07 s", "1 h 02 min".
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "unknown time" }
        if seconds < 0.01 { return "under 0.01 s" }
        if seconds < 10 { return String(format: "%.2f s", seconds) }
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let whole = Int(seconds.rounded())
        if whole < 3600 { return String(format: "%d min %02d s", whole / 60, whole % 60) }
        return String(format: "%d h %02d min", whole / 3600, (whole % 3600) / 60)
    }
}
