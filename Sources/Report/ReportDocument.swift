import Foundation
/// Everything a report page shows, as plain values: the page renders it without knowing any engine.
public struct ReportDocument: Sendable {
    public var title: String
    public var subtitle: String?
    public var author: String?
    public var date: String?
    public var blocks: [ReportBlock]
    /// Run facts shown at the end (lorabook version, git commit, machine, threads, checksums, total time...).
    public var metadata: [(key: String, value: String)]

    public init(title: String, subtitle: String? = nil, author: String? = nil, date: String? = nil,
                blocks: [ReportBlock] = [], metadata: [(key: String, value: String)] = []) {
        self.title = title
        self.subtitle = subtitle
        self.author = author
        self.date = date
        self.blocks = blocks
        self.metadata = metadata
    }
}

/// One block of the page, in reading order.
public enum ReportBlock: Sendable {
    /// The author's HTML (scripts are removed when rendering), and the headings it holds for the contents.
    case prose(html: String, headings: [ReportHeading])
    /// A heading the report adds itself; its text is escaped.
    case heading(ReportHeading)
    case cell(ReportCell)
}

/// A heading as the table of contents lists it; `id` is its anchor in the page.
public struct ReportHeading: Hashable, Sendable {
    public var level: Int
    public var text: String
    public var id: String

    public init(level: Int, text: String, id: String) {
        self.level = level
        self.text = text
        self.id = id
    }
}

/// A notebook code cell as run: its source (shown when `echo`), how it ran, and what it produced.
public struct ReportCell: Sendable {
    public var id: String
    public var source: String
    public var echo: Bool
    public var status: CellStatus
    public var outputs: [CellOutput]
    /// Where a cached result came from (which build computed it, when), shown as one plain line under the cell's header.
    public var provenance: String?

    public init(id: String, source: String, echo: Bool = true, status: CellStatus, outputs: [CellOutput] = [],
                provenance: String? = nil) {
        self.id = id
        self.source = source
        self.echo = echo
        self.status = status
        self.outputs = outputs
        self.provenance = provenance
    }
}

/// How a cell's result came about.
public enum CellStatus: Hashable, Sendable {
    /// Ran now, taking this many seconds.
    case ran(seconds: Double)
    /// Reused from the cache; `seconds` is what the original run took.
    case cached(seconds: Double)
    case error
    case notRun
}

/// One thing a cell produced; everything but `.html` is escaped when rendered.
public enum CellOutput: Sendable {
    case text(String)
    /// A paragraph of prose written by the cell (see `InlineMarkdown`).
    case prose(String)
    case table(ReportTable)
    case figure(Chart)
    case samples([Sample])
    case error(CellError)
    /// Markup made by this module (see `ReportHTML`), never text from elsewhere.
    case html(ReportHTML)
}

/// A labelled example, such as a meaning representation and the text generated for it.
public struct Sample: Hashable, Sendable {
    public var label: String
    public var text: String

    public init(label: String, text: String) {
        self.label = label
        self.text = text
    }
}

/// An error a cell raised, with its place (`notebooks/e2e.md:42:17`) when known.
public struct CellError: Hashable, Sendable {
    public var message: String
    public var position: String?

    public init(message: String, position: String? = nil) {
        self.message = message
        self.position = position
    }
}

/// HTML made by the Report module itself; callers compose it from the public factories only.
public struct ReportHTML: Hashable, Sendable {
    let markup: String

    init(markup: String) {
        self.markup = markup
    }

    /// Charts placed side by side on wide screens, stacked on narrow ones; each is drawn at most
    /// 460 units wide so its text stays legible at half the column width.
    public static func sideBySide(_ charts: [Chart]) -> ReportHTML {
        let figures = charts.map { chart in
            var compact = chart
            compact.width = min(chart.width, 460)
            compact.height = min(chart.height, 340)
            return "<figure class=\"output-figure\">\(ChartRenderer(chart: compact).svg())</figure>"
        }
        return ReportHTML(markup: "<div class=\"figure-row\">\(figures.joined())</div>")
    }

    /// A line linking a file written beside the report (`href` relative to the page), with a note after it.
    public static func fileLink(href: String, label: String, note: String) -> ReportHTML {
        let target = href.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? String(part)
        }.joined(separator: "/")
        return ReportHTML(markup: "<p class=\"output-file\">Saved <a href=\"\(HTMLEscaping.escape(target))\"><code>"
                          + "\(HTMLEscaping.escape(label))</code></a>: \(HTMLEscaping.escape(note))</p>")
    }
}
