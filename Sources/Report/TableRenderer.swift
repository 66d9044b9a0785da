import Foundation

/// Writes a `ReportTable` as an HTML table inside a scrolling wrapper (wide tables scroll on phones).
struct TableRenderer {
    let table: ReportTable

    func html() -> String {
        let best = table.bestCells
        let numericColumns = Set(table.columns.indices.filter { column in
            table.rows.contains { row in
                column < row.count && row[column].numericValue != nil
            }
        })
        var html = "<div class=\"table-wrap\"><table class=\"report-table\">"
        if let caption = table.caption { html += "<caption>\(HTMLEscaping.escape(caption))</caption>" }
        html += "<thead><tr>"
        for (index, column) in table.columns.enumerated() {
            html += "<th scope=\"col\"\(numericColumns.contains(index) ? " class=\"num\"" : "")>\(HTMLEscaping.escape(column.title))</th>"
        }
        html += "</tr></thead><tbody>"
        for (rowIndex, row) in table.rows.enumerated() {
            html += "<tr>"
            for columnIndex in table.columns.indices {
                let cell = columnIndex < row.count ? row[columnIndex] : .empty
                let isBest = best.contains([rowIndex, columnIndex])
                switch cell {
                case .number, .integer, .fixed:
                    let text = Self.format(cell, column: table.columns[columnIndex])
                    html += isBest
                        ? "<td class=\"num best\"><strong>\(text)</strong></td>"
                        : "<td class=\"num\">\(text)</td>"
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
        return html + "</tbody></table></div>"
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
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "\u{2212}\u{221E}" : "\u{221E}" }
        let decimals = min(max(decimals, 0), 17)
        var text = String(format: "%.\(decimals)f", value)
        if text.hasPrefix("-"), Double(text) == 0 { text.removeFirst() }
        guard groupsThousands else { return text.replacingOccurrences(of: "-", with: "\u{2212}") }
        let negative = text.hasPrefix("-")
        let unsigned = negative ? String(text.dropFirst()) : text
        let parts = unsigned.split(separator: ".", maxSplits: 1)
        var integer = String(parts[0])
        var grouped = ""
        while integer.count > 3 {
            grouped = "," + integer.suffix(3) + grouped
            integer.removeLast(3)
        }
        grouped = integer + grouped
        if parts.count == 2 { grouped += "." + parts[1] }
        return (negative ? "\u{2212}" : "") + grouped
    }
}
