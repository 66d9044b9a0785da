import Foundation
import Testing
@testable import Report
import ReportAssets

@Suite("Report page")
struct ReportPageTests {
    private static let hostile = "<script>alert('x')</script>"

    private static func document() -> ReportDocument {
        let chart = Chart(title: "loss", xLabel: "step", yLabel: "loss",
                          series: [ChartSeries(name: "a", x: [0, 1], y: [2, 1]), ChartSeries(name: "b", x: [0, 1], y: [3, 1])])
        let table = ReportTable(columns: [TableColumn("metric"), TableColumn("LoRA")], rows: [[.text("BLEU"), .number(0.68)]])
        return ReportDocument(
            title: "E2E & LoRA", subtitle: "A reproduction", author: "Ada", date: "2026-11-29",
            blocks: [
                .prose(html: "<h1 id=\"intro\">Intro</h1>\n<p onclick=\"x()\">Text <em>kept</em></p><script>evil()</script>",
                       headings: [ReportHeading(level: 1, text: "Intro", id: "intro")]),
                .cell(ReportCell(id: "parameters", source: "let rank = 4 // \"r\" < 8", status: .ran(seconds: 0.25),
                                 outputs: [.text("rank = 4 <ok>")])),
                .heading(ReportHeading(level: 2, text: "Results <all>", id: "results")),
                .cell(ReportCell(id: "train", source: "train()", echo: false, status: .cached(seconds: 125),
                                 outputs: [.figure(chart), .table(table)])),
                .cell(ReportCell(id: "eval", source: "evaluate()", status: .error,
                                 outputs: [.error(CellError(message: "bad <input>", position: "e2e.md:3:4"))])),
                .cell(ReportCell(id: "skipped", source: "later()", status: .notRun)),
            ],
            metadata: [("git commit", "abc123"), ("threads", "2")])
    }

    @Test func pageIsOneSelfContainedHTML5File() {
        let html = ReportPage.render(Self.document())
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.hasSuffix("</html>\n"))
        #expect(html.components(separatedBy: "<style>").count == 2)
        #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        // One script, the page's own from assets/report.js, inline; nothing fetched.
        #expect(html.lowercased().components(separatedBy: "<script").count == 2)
        #expect(html.contains("<script>\n\"use strict\";") || html.contains("<script>\n// "))
        #expect(!Self.fetchesSomething(html))
        #expect(!html.contains("<link"))
        #expect(!html.contains(" src="))
        #expect(html.contains("@media print"))
        #expect(html.contains("prefers-color-scheme: dark"))
        #expect(html.contains("<title>E2E &amp; LoRA</title>"))
    }

    @Test func tableOfContentsLinksToEveryHeadingAnchorInThePage() {
        let html = ReportPage.render(Self.document())
        let toc = html.components(separatedBy: "<nav class=\"toc\"")[1].components(separatedBy: "</nav>")[0]
        #expect(toc.contains("<a href=\"#intro\">Intro</a>"))
        #expect(toc.contains("<a href=\"#results\">Results &lt;all&gt;</a>"))
        #expect(toc.contains("<a href=\"#run-metadata\">Run metadata</a>"))
        for anchor in ["intro", "results", "run-metadata"] {
            #expect(html.contains("id=\"\(anchor)\""))
        }
        #expect(toc.contains("toc-depth-1\"><a href=\"#results\""))
    }

    @Test func echoedCellsFoldTheirSourceAndKeepOutputsVisible() throws {
        let html = ReportPage.render(Self.document())
        let cell = html.components(separatedBy: "<section class=\"cell status-ran\" id=\"parameters\">")[1]
            .components(separatedBy: "</section>")[0]
        let details = try #require(cell.components(separatedBy: "</details>").first)
        #expect(details.contains("<details class=\"cell-code\"><summary>"))
        #expect(details.contains("<span class=\"cm\">// &quot;r&quot; &lt; 8</span>"))
        #expect(details.contains("ran in 0.25 s"))
        let outputs = cell.components(separatedBy: "</details>")[1]
        #expect(outputs.contains("<pre class=\"output-text\">rank = 4 &lt;ok&gt;</pre>"))
    }

    @Test func cellsWithoutEchoHideTheirSourceButShowState() {
        let html = ReportPage.render(Self.document())
        let cell = html.components(separatedBy: "id=\"train\">")[1].components(separatedBy: "</section>")[0]
        #expect(!cell.contains("train()"))
        #expect(!cell.contains("<details"))
        #expect(cell.contains("cached · took 2 min 05 s"))
        #expect(cell.contains("<svg"))
        #expect(cell.contains("<table class=\"report-table\">"))
    }

    @Test func errorAndNotRunCellsSayWhatHappened() {
        let html = ReportPage.render(Self.document())
        #expect(html.contains("<section class=\"cell status-error\" id=\"eval\">"))
        #expect(html.contains("<code class=\"error-position\">e2e.md:3:4</code> <span class=\"error-message\">bad &lt;input&gt;</span>"))
        #expect(html.contains("<section class=\"cell status-not-run\" id=\"skipped\">"))
        #expect(html.contains("not run"))
    }

    @Test func proseKeepsAuthorHTMLButLosesScriptsAndHandlers() {
        let html = ReportPage.render(Self.document())
        #expect(html.contains("<p>Text <em>kept</em></p>"))
        #expect(!html.contains("evil()"))
        #expect(!html.contains("onclick"))
    }

    @Test func runMetadataComesLastWithEscapedValues() throws {
        var document = Self.document()
        document.metadata.append(("data <sha>", "e2e/trainset.csv 1a2b"))
        let html = ReportPage.render(document)
        let metadata = try #require(html.range(of: "<section class=\"run-metadata\""))
        let lastCell = try #require(html.range(of: "id=\"skipped\"", options: .backwards))
        #expect(lastCell.lowerBound < metadata.lowerBound)
        #expect(html.contains("<div><dt>git commit</dt><dd>abc123</dd></div>"))
        #expect(html.contains("<dt>data &lt;sha&gt;</dt>"))
    }

    @Test func textFromDataIsEscapedEverywhere() {
        let hostile = Self.hostile
        let chart = Chart(title: hostile, xLabel: hostile, yLabel: hostile,
                          series: [ChartSeries(name: hostile, x: [0, 1], y: [1, 2])], smoothing: 0.5)
        let document = ReportDocument(
            title: hostile, subtitle: hostile, author: hostile, date: hostile,
            blocks: [.heading(ReportHeading(level: 2, text: hostile, id: hostile)),
                     .cell(ReportCell(id: hostile, source: hostile, status: .ran(seconds: 1), outputs: [
                         .text(hostile), .figure(chart), .samples([Sample(label: hostile, text: hostile)]),
                         .error(CellError(message: hostile, position: hostile)),
                         .table(ReportTable(caption: hostile, columns: [TableColumn(hostile)], rows: [[.text(hostile)]])),
                         .html(ReportHTML.sideBySide([chart])),
                     ]))],
            metadata: [(hostile, hostile)])
        let html = ReportPage.render(document)
        #expect(html.lowercased().components(separatedBy: "<script").count == 2)
        #expect(!html.contains("alert('x')"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
    }

    /// Whether the page loads anything: a `src=`, `<link`, `@import` or `url(` that is not a `data:` or `#` reference.
    static func fetchesSomething(_ html: String) -> Bool {
        html.contains(" src=") || html.contains("<link") || html.contains("@import")
            || html.components(separatedBy: "url(").dropFirst().contains { !$0.hasPrefix("#") && !$0.hasPrefix("data:") }
    }

    @Test func stylesheetAndScriptComeFromAssetsAndLoadNothing() {
        let html = ReportPage.render(Self.document())
        #expect(html.contains(ReportAssets.css))
        #expect(html.contains(ReportPage.script))
        #expect(ReportAssets.css.contains("@media print"))
        #expect(ReportAssets.javascript.contains("has-scroll-cue"))
        #expect(!Self.fetchesSomething(html))
        #expect(!ReportPage.script.contains("</"))
    }

    @Test func figuresAndTablesAreNumberedCaptionedListedAndCrossReferenced() throws {
        let chart = Chart(title: "Loss", xLabel: "step", yLabel: "loss (nats/token)",
                          series: [ChartSeries(name: "a", x: [0, 1], y: [2, 1])], smoothing: 0.9)
        let table = ReportTable(caption: "Scores", columns: [TableColumn("metric"), TableColumn("LoRA")], rows: [[.text("BLEU"), .number(0.6)]])
        let document = ReportDocument(title: "t", blocks: [
            .prose(html: "<p>See @fig-loss, @tbl-scores and @fig-none; not me@fig-loss or <code>@fig-loss</code>.</p>", headings: []),
            .cell(ReportCell(id: "first", source: "", status: .ran(seconds: 0), outputs: [.table(table)])),
            .cell(ReportCell(id: "fig-loss", source: "", status: .ran(seconds: 0), outputs: [.figure(chart)])),
            .cell(ReportCell(id: "tbl-scores", source: "", status: .ran(seconds: 0),
                             outputs: [.table(table), .prose("As @fig-loss shows.")])),
        ])
        let html = ReportPage.render(document)
        #expect(html.contains("See <a class=\"xref\" href=\"#fig-loss\">Figure 1</a>, <a class=\"xref\" href=\"#tbl-scores\">Table 2</a> and "
                              + "<span class=\"xref-missing\""))
        #expect(html.contains("not me@fig-loss or <code>@fig-loss</code>"))
        #expect(html.contains("As <a class=\"xref\" href=\"#fig-loss\">Figure 1</a> shows."))
        #expect(html.contains("<figcaption><span class=\"xref-number\">Figure 1.</span> Loss. Curves are exponential moving averages (factor 0.9)"))
        #expect(html.contains("<caption><span class=\"xref-number\">Table 1.</span> Scores</caption>"))
        #expect(html.contains("<caption><span class=\"xref-number\">Table 2.</span> Scores</caption>"))
        let toc = html.components(separatedBy: "<nav class=\"toc\"")[1].components(separatedBy: "</nav>")[0]
        #expect(toc.contains("<a href=\"#figure-1\">Figure 1: Loss</a>"))
        #expect(toc.contains("<a href=\"#table-2\">Table 2: Scores</a>"))
        #expect(html.contains("id=\"figure-1\"") && html.contains("id=\"table-2\""))
        // The figure is drawn wide and narrow, its title in the caption rather than in the drawing.
        let figure = html.components(separatedBy: "id=\"figure-1\">")[1].components(separatedBy: "</figure>")[0]
        #expect(figure.contains("class=\"chart chart-wide\"") && figure.contains("class=\"chart chart-narrow\""))
        #expect(!figure.contains("chart-title"))
    }

    @Test func aSummaryCellIsShownAtTheTopAndLinkedFromItsCell() throws {
        let summary = ReportSummary(verdict: "LoRA **not reproduced** at this scale",
                                    facts: [SummaryFact(label: "parameters", value: "1,234,567")],
                                    table: ReportTable(columns: [TableColumn("metric"), TableColumn("paper")], rows: [[.text("BLEU"), .text("0.704 ± 0.001")]]))
        let document = ReportDocument(title: "Reproducing LoRA", blocks: [
            .prose(html: "<h2 id=\"intro\">Intro</h2>", headings: [ReportHeading(level: 2, text: "Intro", id: "intro")]),
            .cell(ReportCell(id: "summary", source: "summary(...)", status: .ran(seconds: 0), outputs: [.summary(summary)])),
        ])
        let html = ReportPage.render(document)
        let top = try #require(html.range(of: "<section class=\"summary\" id=\"_summary\""))
        let intro = try #require(html.range(of: "<h2 id=\"intro\">"))
        #expect(top.lowerBound < intro.lowerBound)
        #expect(html.contains("<p class=\"verdict\">LoRA <strong>not reproduced</strong> at this scale</p>"))
        #expect(html.contains("<dt>parameters</dt><dd>1,234,567</dd>"))
        #expect(html.contains("<td class=\"num\">0.704 ± 0.001</td>"))
        #expect(html.contains("<a href=\"#_summary\">At a glance</a>"))
    }

    @Test func durationsReadNaturally() {
        #expect(CellRenderer.duration(0.004) == "under 0.01 s")
        #expect(CellRenderer.duration(0.42) == "0.42 s")
        #expect(CellRenderer.duration(12.34) == "12.3 s")
        #expect(CellRenderer.duration(187) == "3 min 07 s")
        #expect(CellRenderer.duration(3725) == "1 h 02 min")
        #expect(CellRenderer.duration(.nan) == "unknown time")
    }

    @Test func writeReplacesTheFileWholeAndLeavesNoTemporary() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("e2e.html")
        try ReportPage.write(ReportDocument(title: "first"), to: url)
        try ReportPage.write(Self.document(), to: url)
        let written = try String(contentsOf: url, encoding: .utf8)
        #expect(written == ReportPage.render(Self.document()))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["e2e.html"])
    }
}
