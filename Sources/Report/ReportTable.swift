/// A table of numbers and text: numbers right-aligned with each column's decimals, best values in bold.
public struct ReportTable: Hashable, Sendable {
    public var caption: String?
    public var columns: [TableColumn]
    public var rows: [[TableCell]]
    public var highlights: [BestValueHighlight]

    public init(caption: String? = nil, columns: [TableColumn], rows: [[TableCell]],
                highlights: [BestValueHighlight] = []) {
        self.caption = caption
        self.columns = columns
        self.rows = rows
        self.highlights = highlights
    }
}

/// A column's heading and how its numbers are written.
public struct TableColumn: Hashable, Sendable {
    public var title: String
    /// Digits after the decimal point for numbers in this column.
    public var decimals: Int
    /// Write 393216 as 393,216.
    public var groupsThousands: Bool

    public init(_ title: String, decimals: Int = 2, groupsThousands: Bool = false) {
        self.title = title
        self.decimals = decimals
        self.groupsThousands = groupsThousands
    }
}

public enum TableCell: Hashable, Sendable {
    /// Written with its column's decimals.
    case number(Double)
    /// A count: no decimals, thousands grouped, whatever the column says.
    case integer(Int)
    /// A number with its own decimals, for tables whose rows hold different kinds of figures.
    case fixed(Double, decimals: Int)
    case text(String)
    case empty

    /// The cell's value when it is a number of any kind.
    public var numericValue: Double? {
        switch self {
        case .number(let value), .fixed(let value, _): return value
        case .integer(let value): return Double(value)
        case .text, .empty: return nil
        }
    }
}

/// Which values to mark as best: in each chosen row (comparing chosen columns) or each chosen column
/// (comparing chosen rows). Ties are all marked; NaN never wins.
public struct BestValueHighlight: Hashable, Sendable {
    public enum Direction: Hashable, Sendable {
        case eachRow
        case eachColumn
    }

    public var direction: Direction
    /// The rows (for `.eachRow`) or columns (for `.eachColumn`) to highlight in; `nil` means all.
    public var lines: [Int]?
    /// The columns (for `.eachRow`) or rows (for `.eachColumn`) that compete; `nil` means all.
    public var among: [Int]?
    public var higherIsBetter: Bool

    public init(_ direction: Direction, lines: [Int]? = nil, among: [Int]? = nil, higherIsBetter: Bool) {
        self.direction = direction
        self.lines = lines
        self.among = among
        self.higherIsBetter = higherIsBetter
    }
}

extension ReportTable {
    /// The (row, column) positions of the cells marked best by the highlights.
    public var bestCells: Set<[Int]> {
        var best: Set<[Int]> = []
        let columnCount = columns.count
        for highlight in highlights {
            let byRow = highlight.direction == .eachRow
            let lineCount = byRow ? rows.count : columnCount
            let otherCount = byRow ? columnCount : rows.count
            for line in highlight.lines ?? Array(0..<lineCount) where line >= 0 && line < lineCount {
                var candidates: [(position: [Int], value: Double)] = []
                for other in highlight.among ?? Array(0..<otherCount) where other >= 0 && other < otherCount {
                    let (row, column) = byRow ? (line, other) : (other, line)
                    guard column < rows[row].count, let value = rows[row][column].numericValue, !value.isNaN else { continue }
                    candidates.append(([row, column], value))
                }
                let values = candidates.map(\.value)
                guard let target = highlight.higherIsBetter ? values.max() : values.min() else { continue }
                for candidate in candidates where candidate.value == target { best.insert(candidate.position) }
            }
        }
        return best
    }
}
