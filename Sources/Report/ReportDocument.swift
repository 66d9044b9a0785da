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
    /// The run at a glance: the page shows it in a box at the top, under the title, and the cell links to it.
    case summary(ReportSummary)
}

/// The box at the top of a report: one verdict line, the run's scale as labelled facts, and a table of the
/// headline numbers beside the paper's. Everything in it comes from the run (the notebook computes it).
public struct ReportSummary: Hashable, Sendable {
    public var title: String
    public var verdict: String
    public var facts: [SummaryFact]
    public var table: ReportTable?

    public init(title: String = "At a glance", verdict: String, facts: [SummaryFact] = [], table: ReportTable? = nil) {
        self.title = title
        self.verdict = verdict
        self.facts = facts
        self.table = table
    }
}

public struct SummaryFact: Hashable, Sendable {
    public var label: String
    public var value: String

    public init(label: String, value: String) {
        self.label = label
        self.value = value
    }
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
    /// Charts to lay out side by side; the page numbers and captions them when it renders.
    let charts: [Chart]

    init(markup: String, charts: [Chart] = []) {
        self.markup = markup
        self.charts = charts
    }

    /// Charts placed side by side on wide screens, stacked on narrow ones; each is drawn at most
    /// 400 units wide so its text stays legible at half the column width.
    public static func sideBySide(_ charts: [Chart]) -> ReportHTML {
        let compact = charts.map { chart in
            var compact = chart
            compact.width = min(chart.width, 400)
            compact.height = min(chart.height, 320)
            return compact
        }
        return ReportHTML(markup: "", charts: compact)
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
