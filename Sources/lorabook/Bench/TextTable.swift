/// A plain-text table for the terminal: the first column left-aligned, the others right-aligned, each as
/// wide as its widest cell, so every benchmark prints its rows the same way.
struct TextTable {
    var columns: [String]
    var rows: [[String]] = []

    init(_ columns: [String]) { self.columns = columns }

    mutating func add(_ cells: [String]) { rows.append(cells) }

    var rendered: String {
        let all = [columns] + rows
        let widths = columns.indices.map { column in all.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return all.map { cells in
            columns.indices.map { column -> String in
                let cell = column < cells.count ? cells[column] : ""
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}

extension TextTable {
    /// `1234.5` as `1,235` (or `1,234.50` with 2 decimals); `-` for a value not measured.
    static func number(_ value: Double?, decimals: Int = 0) -> String {
        guard let value, value.isFinite else { return "-" }
        guard value.magnitude < 1e15 else { return String(format: "%.3e", value) }
        let rounded = (value * pow10(decimals)).rounded() / pow10(decimals)
        let whole = Int(rounded.magnitude)
        var digits = String(whole)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        grouped = digits + grouped
        let sign = rounded < 0 ? "-" : ""
        guard decimals > 0 else { return sign + grouped }
        let fraction = Int(((rounded.magnitude - Double(whole)) * pow10(decimals)).rounded())
        let fractionText = String(fraction)
        return sign + grouped + "." + String(repeating: "0", count: decimals - fractionText.count) + fractionText
    }

    private static func pow10(_ exponent: Int) -> Double {
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }
}
