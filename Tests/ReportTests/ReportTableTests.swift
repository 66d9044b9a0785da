import Testing
@testable import Report

@Suite("Tables")
struct ReportTableTests {
    private static let scores = ReportTable(
        caption: "Scores <E2E>",
        columns: [TableColumn("metric"), TableColumn("Full FT", decimals: 4), TableColumn("LoRA", decimals: 4),
                  TableColumn("paper", decimals: 1)],
        rows: [[.text("BLEU"), .number(0.6734), .number(0.6803), .number(70.4)],
               [.text("METEOR"), .number(0.4622), .number(0.4556), .number(46.8)],
               [.text("tie"), .number(1), .number(1), .number(0)]],
        highlights: [BestValueHighlight(.eachRow, among: [1, 2], higherIsBetter: true)])

    @Test func bestValuePerRowComparesOnlyTheChosenColumns() {
        #expect(Self.scores.bestCells == [[0, 2], [1, 1], [2, 1], [2, 2]])
    }

    @Test func lowerIsBetterPerColumnAndNaNNeverWins() {
        let table = ReportTable(
            columns: [TableColumn("run"), TableColumn("loss")],
            rows: [[.text("a"), .number(.nan)], [.text("b"), .number(1.7)], [.text("c"), .number(1.5)], [.text("d"), .text("n/a")]],
            highlights: [BestValueHighlight(.eachColumn, lines: [1], higherIsBetter: false)])
        #expect(table.bestCells == [[2, 1]])
    }

    @Test func bestCellsAreBoldAndNumbersRightAlignedWithColumnDecimals() {
        let html = TableRenderer(table: Self.scores).html()
        #expect(html.contains("<td class=\"num best\"><strong>0.6803</strong></td>"))
        #expect(html.contains("<td class=\"num\">0.6734</td>"))
        #expect(html.contains("<td class=\"num\">70.4</td>"))
        #expect(html.contains("<th scope=\"col\" class=\"num\">LoRA</th>"))
        #expect(html.contains("<th scope=\"row\">BLEU</th>"))
        #expect(html.contains("<caption>Scores &lt;E2E&gt;</caption>"))
        #expect(html.components(separatedBy: "<strong>").count == 5)
    }

    @Test func numbersFormatWithGroupingMinusSignAndSpecialValues() {
        let grouped = TableColumn("params", decimals: 0, groupsThousands: true)
        #expect(TableRenderer.format(354_823_168, column: grouped) == "354,823,168")
        #expect(TableRenderer.format(393_216, column: grouped) == "393,216")
        #expect(TableRenderer.format(-1234.5, column: TableColumn("x", decimals: 1, groupsThousands: true)) == "\u{2212}1,234.5")
        #expect(TableRenderer.format(-0.00001, column: TableColumn("x", decimals: 2)) == "0.00")
        #expect(TableRenderer.format(-2.5, column: TableColumn("x", decimals: 2)) == "\u{2212}2.50")
        #expect(TableRenderer.format(.nan, column: TableColumn("x")) == "NaN")
        #expect(TableRenderer.format(.infinity, column: TableColumn("x")) == "\u{221E}")
    }

    @Test func shortRowsArePaddedWithEmptyCells() {
        let table = ReportTable(columns: [TableColumn("a"), TableColumn("b")], rows: [[.text("only")], [.text("x"), .text("y")]])
        #expect(TableRenderer(table: table).html().contains("<th scope=\"row\">only</th><td></td></tr>"))
    }

    @Test func columnsEmptyInEveryRowAreLeftOut() {
        let table = ReportTable(columns: [TableColumn("name"), TableColumn("source"), TableColumn("value")],
                                rows: [[.text("steps"), .text(""), .integer(300)], [.text("rank"), .empty, .integer(4)]])
        let html = TableRenderer(table: table).html()
        #expect(!html.contains(">source<"))
        #expect(html.contains("<th scope=\"row\">steps</th><td class=\"num\">300</td>"))
    }

    @Test func paperValuesKeepTheirPrecisionAndAlignAsNumbers() {
        #expect(NumberFormat.isWrittenNumber("0.682"))
        #expect(NumberFormat.isWrittenNumber("68.2 ± 0.6"))
        #expect(NumberFormat.isWrittenNumber("-1,234.5"))
        #expect(!NumberFormat.isWrittenNumber("LoRA"))
        #expect(!NumberFormat.isWrittenNumber("4, 32"))
        #expect(!NumberFormat.isWrittenNumber("± 0.6 ±"))
        let table = ReportTable(columns: [TableColumn("metric"), TableColumn("paper")], rows: [[.text("BLEU"), .text("0.704 ± 0.001")]])
        #expect(TableRenderer(table: table).html().contains("<td class=\"num\">0.704 ± 0.001</td>"))
    }

    @Test func headersWrapButNeverAtAHyphenAndTheHighlightIsExplained() {
        let table = ReportTable(columns: [TableColumn("system"), TableColumn("ROUGE-L"), TableColumn("BLEU")],
                                rows: [[.text("LoRA"), .number(0.7), .number(0.6)], [.text("FT"), .number(0.8), .number(0.5)]],
                                highlights: [BestValueHighlight(.eachColumn, among: [0, 1], higherIsBetter: true)])
        let html = TableRenderer(table: table, label: "Table 2").html()
        #expect(html.contains("ROUGE\u{2011}L"))
        #expect(html.contains("<caption><span class=\"xref-number\">Table 2.</span> </caption>"))
        #expect(html.contains("the best value in each column among LoRA, FT (higher is better)."))
    }

    @Test func countsAndFixedCellsKeepTheirOwnFormatInAMixedColumn() {
        let table = ReportTable(
            columns: [TableColumn(""), TableColumn("value", decimals: 4)],
            rows: [[.text("steps"), .integer(1500)], [.text("loss"), .number(2.345678)],
                   [.text("tokens/s"), .fixed(6512.3, decimals: 0)], [.text("share (%)"), .fixed(0.67781, decimals: 3)]])
        let html = TableRenderer(table: table).html()
        #expect(html.contains("<td class=\"num\">1,500</td>"))
        #expect(html.contains("<td class=\"num\">2.3457</td>"))
        #expect(html.contains("<td class=\"num\">6512</td>"))
        #expect(html.contains("<td class=\"num\">0.678</td>"))
        #expect(html.contains("<th scope=\"col\" class=\"num\">value</th>"))
    }

    @Test func countsTakePartInBestValueHighlighting() {
        let table = ReportTable(columns: [TableColumn("run"), TableColumn("a"), TableColumn("b")],
                                rows: [[.text("x"), .integer(3), .fixed(2.5, decimals: 1)]],
                                highlights: [BestValueHighlight(.eachRow, higherIsBetter: true)])
        #expect(table.bestCells == [[0, 1]])
    }
}
