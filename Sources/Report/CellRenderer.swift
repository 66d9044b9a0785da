import Foundation

/// Writes one code cell: a foldable source block with its state and time, then its outputs, always shown.
/// Figures and tables are numbered in page order from `counter`, which the page carries from cell to cell.
struct CellRenderer {
    let cell: ReportCell
    var counter = FloatCounter()
    /// What `@fig-ID` / `@tbl-ID` in the cell's prose outputs resolve to.
    var references: [String: String] = [:]

    /// The running numbers of figures and tables on the page.
    struct FloatCounter {
        var figures = 0
        var tables = 0
    }

    /// The figures and tables one cell shows, in order: (isFigure, caption text).
    static func floats(_ cell: ReportCell) -> [(isFigure: Bool, caption: String)] {
        cell.outputs.flatMap { output -> [(isFigure: Bool, caption: String)] in
            switch output {
            case .figure(let chart): return [(true, chart.title)]
            case .table(let table): return [(false, table.caption ?? "")]
            case .html(let fragment): return fragment.charts.map { (true, $0.title) }
            case .text, .prose, .samples, .error, .summary: return []
            }
        }
    }

    mutating func html() -> String {
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
            for output in cell.outputs { html += render(output) + "\n" }
            html += "</div>\n"
        }
        return html + "</section>\n"
    }

    mutating func render(_ output: CellOutput) -> String {
        switch output {
        case .text(let text):
            return "<pre class=\"output-text\">\(HTMLEscaping.escape(text))</pre>"
        case .prose(let text):
            return CrossReferences.resolve(InlineMarkdown.html(text), references)
        case .table(let table):
            counter.tables += 1
            return "<div class=\"output-table\" id=\"table-\(counter.tables)\">"
                + TableRenderer(table: table, label: "Table \(counter.tables)").html() + "</div>"
        case .figure(let chart):
            return figure(chart)
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
            guard !fragment.charts.isEmpty else { return fragment.markup }
            return "<div class=\"figure-row\">" + fragment.charts.map { figure($0) }.joined() + "</div>"
        case .summary(let summary):
            return "<p class=\"summary-placed\">Shown at the top of the page: <a href=\"#_summary\">"
                + "\(HTMLEscaping.escape(summary.title))</a>.</p>"
        }
    }

    /// A numbered figure: the chart drawn twice, for wide screens and for phones (below 600 px, where the wide
    /// drawing's text would shrink under 11 px), with the title and notes in a caption of real text.
    private mutating func figure(_ chart: Chart) -> String {
        counter.figures += 1
        var narrow = chart
        narrow.width = 360
        narrow.height = min(chart.height, 300)
        let wide = ChartRenderer(chart: chart, captioned: true, layout: "chart-wide")
        var caption = "<span class=\"xref-number\">Figure \(counter.figures).</span> \(HTMLEscaping.escape(chart.title))"
        if let note = wide.captionNote { caption += (chart.title.isEmpty ? "" : ". ") + HTMLEscaping.escape(note) }
        return "<figure class=\"output-figure\" id=\"figure-\(counter.figures)\">"
            + wide.svg() + ChartRenderer(chart: narrow, captioned: true, layout: "chart-narrow").svg()
            + "<figcaption>\(caption)</figcaption></figure>"
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
