import DataStore
import Foundation
import Report
import Runner
import Script

/// A table a cell made with `table(...)`: numbers right-aligned, the best value per row or column marked.
public final class TableObject: ReportableObject, PersistableObject {
    enum Cell: Codable, Equatable {
        case number(UInt64, isInteger: Bool)
        case text(String)
        case empty
    }

    struct Description: Codable {
        var title: String
        var columns: [String]
        var rows: [[Cell]]
        var decimals: Int
        /// "rows" or "columns", the lines competing for "best"; nil for no highlight.
        var highlight: String?
        var among: [Int]?
        var higherIsBetter: Bool
    }

    let description: Description

    init(description: Description) {
        self.description = description
    }

    public var typeName: String { "Table" }
    public var memberNames: [String] { ["title", "rowCount"] }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "title": return .string(description.title)
        case "rowCount": return .int(description.rows.count)
        default: return nil
        }
    }

    public var fingerprint: String {
        (try? JSONEncoder().encode(description)).map { SHA256.hex(of: [UInt8]($0)) } ?? description.title
    }

    public var summary: String { "Table \(description.title) (\(description.rows.count) rows)" }

    public var table: ReportTable {
        let columns = description.columns.indices.map { column -> TableColumn in
            let cells = description.rows.compactMap { column < $0.count ? $0[column] : nil }
            let integers = cells.allSatisfy { if case .number(_, false) = $0 { return false } else { return true } }
            return TableColumn(description.columns[column], decimals: integers ? 0 : description.decimals,
                               groupsThousands: integers)
        }
        let rows = description.rows.map { row in
            description.columns.indices.map { column -> TableCell in
                guard column < row.count else { return .empty }
                switch row[column] {
                case .number(let bits, true): return .integer(Int(Double(bitPattern: bits)))
                case .number(let bits, false): return .number(Double(bitPattern: bits))
                case .text(let text): return .text(text)
                case .empty: return .empty
                }
            }
        }
        var highlights: [BestValueHighlight] = []
        if let highlight = description.highlight {
            highlights.append(BestValueHighlight(highlight == "rows" ? .eachRow : .eachColumn, among: description.among,
                                                 higherIsBetter: description.higherIsBetter))
        }
        return ReportTable(caption: description.title.isEmpty ? nil : description.title, columns: columns, rows: rows,
                           highlights: highlights)
    }

    public var reportOutputs: [CellOutput] { [.table(table)] }

    public func persist(to directory: URL) throws {
        try JSONEncoder().encode(description).write(to: directory.appendingPathComponent("table.json"))
    }

    public static let restorer: ObjectRestorer = { directory in
        TableObject(description: try JSONDecoder().decode(
            Description.self, from: Data(contentsOf: directory.appendingPathComponent("table.json"))))
    }

    static let highlightCases: [SymbolSignature] = [
        SymbolSignature("none"),
        SymbolSignature("bestInRows", parameters: [Parameter("among", .array(.int), default: .array([])),
                                                   Parameter("higherIsBetter", .bool, default: .bool(true))]),
        SymbolSignature("bestInColumns", parameters: [Parameter("among", .array(.int), default: .array([])),
                                                      Parameter("higherIsBetter", .bool, default: .bool(true))]),
    ]

    /// `table(title:columns:rows:decimals:highlight:)`: rows are arrays, or dictionaries whose keys name the columns.
    static let builtin = Builtin(
        "table",
        parameters: [Parameter("title", .string, default: .string("")),
                     Parameter("columns", .array(.string), default: .array([])),
                     Parameter("rows", .array(.any)), Parameter("decimals", .int, default: .int(4)),
                     Parameter("highlight", .oneOf(highlightCases), default: .symbol(Symbol("none")))],
        summary: "Shows rows of numbers and text as a table, optionally marking the best value per row or column."
    ) { arguments, _ in
        var columns = try arguments.array("columns").map { value -> String in
            if case .string(let text) = value { return text }
            return value.description
        }
        var rows: [[Cell]] = []
        for (index, row) in try arguments.array("rows").enumerated() {
            switch row {
            case .array(let values):
                rows.append(values.map(cell))
            case .dictionary(let dictionary):
                rows.append(dictionaryRow(dictionary, columns: &columns))
            case .object(let object):
                guard case .dictionary(let dictionary)? = try object.member("summary") else {
                    throw NotebookAPIError("table(rows:) row \(index + 1) is a \(object.typeName), which has no summary")
                }
                rows.append(dictionaryRow(dictionary, columns: &columns))
            default:
                throw NotebookAPIError("table(rows:) row \(index + 1) must be an array or a dictionary, got \(row.typeName)")
            }
        }
        if columns.isEmpty, let width = rows.map(\.count).max() { columns = (1...max(width, 1)).map { "column \($0)" } }
        if let wide = rows.firstIndex(where: { $0.count > columns.count }) {
            throw NotebookAPIError("table(rows:) row \(wide + 1) has \(rows[wide].count) cells for \(columns.count) columns")
        }
        let decimals = try arguments.int("decimals")
        guard (0...12).contains(decimals) else { throw NotebookAPIError("table(decimals:) must be 0...12") }
        let highlight = try arguments.symbol("highlight")
        let among = highlight["among"].flatMap { value -> [Int]? in
            guard case .array(let items) = value, !items.isEmpty else { return nil }
            return items.compactMap { if case .int(let i) = $0 { return i } else { return nil } }
        }
        let higher: Bool = { if case .bool(let b)? = highlight["higherIsBetter"] { return b } else { return true } }()
        let description = Description(
            title: try arguments.string("title"), columns: columns, rows: rows, decimals: decimals,
            highlight: highlight.name == "bestInRows" ? "rows" : highlight.name == "bestInColumns" ? "columns" : nil,
            among: among, higherIsBetter: higher)
        return .object(TableObject(description: description))
    }

    /// A row from a dictionary's values in column order; the first dictionary's keys name the columns.
    static func dictionaryRow(_ dictionary: ScriptDictionary, columns: inout [String]) -> [Cell] {
        let keys = dictionary.pairs.map { pair -> String in
            if case .string(let text) = pair.key { return text }
            return pair.key.description
        }
        if columns.isEmpty { columns = keys }
        return columns.map { column in
            guard let index = keys.firstIndex(of: column) else { return .empty }
            return cell(dictionary.pairs[index].value)
        }
    }

    static func cell(_ value: Value) -> Cell {
        switch value {
        case .int(let i): return .number(Double(i).bitPattern, isInteger: true)
        case .double(let d): return .number(d.bitPattern, isInteger: false)
        case .string(let s): return .text(s)
        case .null: return .empty
        default: return .text(value.description)
        }
    }
}

private func cell(_ value: Value) -> TableObject.Cell { TableObject.cell(value) }
