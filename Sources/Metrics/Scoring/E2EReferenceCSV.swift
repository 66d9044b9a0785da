import Foundation

/// References given as an E2E CSV/TSV (`mr,ref` columns), as `measure_scores.py` reads them when the system
/// outputs carry no sources: lines stripped, blank lines dropped, known mojibake repaired, consecutive rows
/// with the same MR grouped. Like the original it parses line by line, so a quoted field cannot span lines.
public enum E2EReferenceCSV {
    public static func referenceGroups(text: String, file: String? = nil) throws -> [[String]] {
        var lines = E2EScoreFiles.lines(of: text)
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = String(first.dropFirst()) }
        lines = lines.filter { !$0.isEmpty }.map(repairingMojibake)
        guard let firstLine = lines.first else { throw MetricsError.noItems(file: file) }
        let delimiter: Unicode.Scalar = firstLine.unicodeScalars.contains("\t") ? "\t" : ","
        var rows = lines.map { parseLine($0, delimiter: delimiter) }
        var sourceColumn = 0
        var referenceColumn = 1
        let header = rows[0].map { $0.lowercased() }
        if let source = header.firstIndex(where: isSourceHeader), let reference = header.firstIndex(where: isReferenceHeader) {
            sourceColumn = source
            referenceColumn = reference
            rows.removeFirst()
        }
        let columns = max(sourceColumn, referenceColumn) + 1
        var groups: [[String]] = []
        var currentSource: String?
        for (index, row) in rows.enumerated() {
            guard row.count >= columns else {
                throw MetricsError.unreadable(file: file ?? "references", reason: "data row \(index + 1) has \(row.count) column(s), expected \(columns)")
            }
            let source = row[sourceColumn]
            if source != currentSource {
                groups.append([row[referenceColumn]])
                currentSource = source
            } else {
                groups[groups.count - 1].append(row[referenceColumn])
            }
        }
        guard !groups.isEmpty else { throw MetricsError.noItems(file: file) }
        return groups
    }

    public static func referenceGroups(contentsOf url: URL) throws -> [[String]] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw MetricsError.unreadable(file: url.path, reason: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw MetricsError.unreadable(file: url.path, reason: "not valid UTF-8")
        }
        return try referenceGroups(text: text, file: url.path)
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
