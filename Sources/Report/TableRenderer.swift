import Foundation

/// Writes a `ReportTable` as an HTML table inside a wrapper that lets a wide table widen into the margin and then
/// scroll; its caption carries the table's number, and a note under it says what the highlight marks.
struct TableRenderer {
    let table: ReportTable
    /// "Table 3", when the page numbers its tables.
    var label: String? = nil

    func html() -> String {
        let best = table.bestCells
        let numericColumns = Set(table.columns.indices.filter { column in
            table.rows.contains { row in
                column < row.count && Self.isNumeric(row[column])
            }
        })
        // A column with nothing in any row (a "source" no parameter has) is left out.
        let shown = table.columns.indices.filter { column in
            column == 0 || table.rows.isEmpty || table.rows.contains { row in
                guard column < row.count else { return false }
                return row[column] != .empty && row[column] != .text("")
            }
        }
        var html = "<div class=\"table-wrap\"><table class=\"report-table\">"
        if label != nil || table.caption != nil {
            let number = label.map { "<span class=\"xref-number\">\(HTMLEscaping.escape($0)).</span> " } ?? ""
            html += "<caption>\(number)\(HTMLEscaping.escape(table.caption ?? ""))</caption>"
        }
        html += "<thead><tr>"
        for index in shown {
            // Non-breaking hyphens: "ROUGE-L" never splits at its hyphen when a narrow header wraps.
            let title = HTMLEscaping.escape(table.columns[index].title).replacingOccurrences(of: "-", with: "\u{2011}")
            html += "<th scope=\"col\"\(numericColumns.contains(index) ? " class=\"num\"" : "")>\(title)</th>"
        }
        html += "</tr></thead><tbody>"
        for (rowIndex, row) in table.rows.enumerated() {
            html += "<tr>"
            for columnIndex in shown {
                let cell = columnIndex < row.count ? row[columnIndex] : .empty
                let isBest = best.contains([rowIndex, columnIndex])
                switch cell {
                case .number, .integer, .fixed:
                    let text = Self.format(cell, column: table.columns[columnIndex])
                    html += isBest
                        ? "<td class=\"num best\"><strong>\(text)</strong></td>"
                        : "<td class=\"num\">\(text)</td>"
                case .text(let text) where columnIndex > 0 && NumberFormat.isWrittenNumber(text):
                    html += "<td class=\"num\">\(HTMLEscaping.escape(text.replacingOccurrences(of: "-", with: "\u{2212}")))</td>"
                case .text(let text):
                    let tag = columnIndex == 0 ? "th scope=\"row\"" : "td"
                    let close = columnIndex == 0 ? "th" : "td"
                    html += "<\(tag)>\(HTMLEscaping.escape(text))</\(close)>"
                case .empty:
                    html += "<td></td>"
                }
            }
            html += "</tr>"
        }
        html += "</tbody></table></div>"
        if !best.isEmpty { html += "<p class=\"table-note\">\(highlightNote)</p>" }
        return html
    }

    private static func isNumeric(_ cell: TableCell) -> Bool {
        if case .text(let text) = cell { return NumberFormat.isWrittenNumber(text) }
        return cell.numericValue != nil
    }

    /// What the highlighted cells are, in words: "Highlighted: the best value in each row (higher is better)".
    private var highlightNote: String {
        let parts = table.highlights.map { highlight -> String in
            let line = highlight.direction == .eachRow ? "row" : "column"
            let among = highlight.among.map { indices -> String in
                let names = indices.filter { $0 >= 0 }.compactMap { index -> String? in
                    highlight.direction == .eachRow
                        ? (index < table.columns.count ? table.columns[index].title : nil)
                        : (index < table.rows.count ? Self.rowName(table.rows[index]) : nil)
                }
                return names.isEmpty ? "" : " among " + names.joined(separator: ", ")
            } ?? ""
            return "the best value in each \(line)\(among) (\(highlight.higherIsBetter ? "higher" : "lower") is better)"
        }
        return "<span class=\"swatch\">Highlighted</span>: " + HTMLEscaping.escape(parts.joined(separator: "; ")) + "."
    }

    private static func rowName(_ row: [TableCell]) -> String? {
        if case .text(let text)? = row.first { return text }
        return nil
    }

    /// A numeric cell as its kind asks: counts grouped without decimals, the rest with their own or the
    /// column's decimals.
    static func format(_ cell: TableCell, column: TableColumn) -> String {
        switch cell {
        case .integer(let value): return format(Double(value), decimals: 0, groupsThousands: true)
        case .fixed(let value, let decimals): return format(value, decimals: decimals, groupsThousands: column.groupsThousands)
        case .number(let value): return format(value, column: column)
        case .text(let text): return text
        case .empty: return ""
        }
    }

    /// A number with the column's decimals (and thousands commas when asked); NaN and infinities as words.
    static func format(_ value: Double, column: TableColumn) -> String {
        format(value, decimals: column.decimals, groupsThousands: column.groupsThousands)
    }

    static func format(_ value: Double, decimals: Int, groupsThousands: Bool) -> String {
        NumberFormat.format(value, decimals: decimals, groupsThousands: groupsThousands)
    }
}
