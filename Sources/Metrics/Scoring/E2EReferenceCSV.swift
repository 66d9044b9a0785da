import Foundation

/// References given as an E2E CSV/TSV (`mr,ref` columns), as `measure_scores.py` reads them when the system
/// outputs carry no sources: lines stripped, blank lines dropped, known mojibake repaired, consecutive rows
/// with the same MR grouped. Like the original it parses line by line, so a quoted field cannot span lines.
public enum E2EReferenceCSV {
    public static func referenceGroups(text: String, file: String? = nil) throws -> [[String]] {
        try E2EReferenceStream(lines: E2ETextLines(E2EScoreFiles.lines(of: text)), grouping: Groups(file: file), file: file).all()
    }

    public static func referenceGroups(contentsOf url: URL) throws -> [[String]] {
        try E2EReferenceStream.open(path: url.path, format: .csv).all()
    }

    /// The groups of the CSV's lines, line by line: a byte-order mark dropped from the first line, blank lines
    /// skipped, mojibake repaired; the first row sets the delimiter (a tab if it has one) and is a header if it
    /// names both a source and a reference column (else the columns are the first two).
    struct Groups: E2EReferenceGrouping {
        let file: String?
        private var delimiter: Unicode.Scalar?
        private var sourceColumn = 0
        private var referenceColumn = 1
        private var dataRows = 0
        private var currentSource: String?
        private var group: [String] = []

        init(file: String?) { self.file = file }

        mutating func add(_ line: String, number: Int) throws -> [String]? {
            var line = line
            if number == 1, line.hasPrefix("\u{FEFF}") { line = String(line.dropFirst()) }
            guard !line.isEmpty else { return nil }
            line = repairingMojibake(line)
            guard let delimiter else {
                let delimiter: Unicode.Scalar = line.unicodeScalars.contains("\t") ? "\t" : ","
                self.delimiter = delimiter
                let row = parseLine(line, delimiter: delimiter)
                let header = row.map { $0.lowercased() }
                if let source = header.firstIndex(where: isSourceHeader), let reference = header.firstIndex(where: isReferenceHeader) {
                    sourceColumn = source
                    referenceColumn = reference
                    return nil
                }
                return try add(row: row, number: number)
            }
            return try add(row: parseLine(line, delimiter: delimiter), number: number)
        }

        private mutating func add(row: [String], number: Int) throws -> [String]? {
            dataRows += 1
            let columns = max(sourceColumn, referenceColumn) + 1
            guard row.count >= columns else {
                throw MetricsError.invalidLine(file: file ?? "references", line: number,
                                               reason: "data row \(dataRows) has \(row.count) column(s), expected \(columns)")
            }
            let source = row[sourceColumn]
            guard source != currentSource else {
                group.append(row[referenceColumn])
                return nil
            }
            currentSource = source
            defer { group = [row[referenceColumn]] }
            return group.isEmpty ? nil : group
        }

        mutating func finish() -> [String]? {
            defer { group = [] }
            return group.isEmpty ? nil : group
        }
    }

    static func repairingMojibake(_ line: String) -> String {
        guard line.unicodeScalars.contains(where: { $0 == "\u{141}" || $0 == "Â" || $0 == "Ã" || $0 == "ã" }) else { return line }
        return line.replacingOccurrences(of: "\u{141}", with: "£", options: .literal)
            .replacingOccurrences(of: "Â£", with: "£", options: .literal)
            .replacingOccurrences(of: "Ã©", with: "é", options: .literal)
            .replacingOccurrences(of: "ã©", with: "é", options: .literal)
    }

    static func isSourceHeader(_ field: String) -> Bool {
        ["mr", "src", "source", "meaning", "da", "dial"].contains { field.hasPrefix($0) }
    }

    static func isReferenceHeader(_ field: String) -> Bool {
        ["ref", "trg", "tgt", "target", "human"].contains { field.hasPrefix($0) }
    }

    /// One CSV record (quotes, doubled quotes) from a single line.
    static func parseLine(_ line: String, delimiter: Unicode.Scalar) -> [String] {
        var fields: [String] = []
        var field: [Unicode.Scalar] = []
        var quoted = false
        var scalars = Array(line.unicodeScalars)[...]
        while let s = scalars.popFirst() {
            if quoted {
                if s == "\"" {
                    if scalars.first == "\"" { field.append("\""); scalars.removeFirst() } else { quoted = false }
                } else {
                    field.append(s)
                }
            } else if s == "\"" && field.isEmpty {
                quoted = true
            } else if s == delimiter {
                fields.append(String(scalars: field))
                field.removeAll(keepingCapacity: true)
            } else {
                field.append(s)
            }
        }
        fields.append(String(scalars: field))
        return fields
    }
}
