import Foundation

/// The e2e-metrics text formats: references one a line with groups separated by blank lines, predictions
/// one a line. Lines are split and stripped as Python's `codecs` reader and `str.strip()` do.
public enum E2EScoreFiles {
    /// Reference groups of a references file's text. A text with no blank line is single-reference: every
    /// line is its own group (as `measure_scores.py` does).
    public static func references(text: String, file: String? = nil) throws -> [[String]] {
        var groups: [[String]] = [[]]
        var groupStartLines = [1]
        for (index, line) in lines(of: text).enumerated() {
            if line.isEmpty {
                groups.append([])
                groupStartLines.append(index + 2)
            } else {
                groups[groups.count - 1].append(line)
            }
        }
        if groups.last?.isEmpty == true {
            groups.removeLast()
            groupStartLines.removeLast()
        }
        if groups.count == 1 { return groups[0].map { [$0] } }
        if let empty = groups.firstIndex(where: \.isEmpty) {
            throw MetricsError.emptyReferenceGroup(index: empty, file: file, line: groupStartLines[empty])
        }
        guard !groups.isEmpty else { throw MetricsError.noItems(file: file) }
        return groups
    }

    /// Predictions of a predictions file's text; blank lines are empty predictions.
    public static func predictions(text: String) -> [String] { lines(of: text) }

    public static func references(contentsOf url: URL) throws -> [[String]] {
        try references(text: read(url), file: url.path)
    }

    public static func predictions(contentsOf url: URL) throws -> [String] { predictions(text: try read(url)) }

    private static func read(_ url: URL) throws -> String {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw MetricsError.unreadable(file: url.path, reason: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw MetricsError.unreadable(file: url.path, reason: "not valid UTF-8")
        }
        return text
    }

    /// Python's `splitlines` boundaries; a final line break does not start another line.
    static func lines(of text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var result: [String] = []
        var start = 0
        var index = 0
        while index < scalars.count {
            switch scalars[index].value {
            case 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029:
                result.append(stripped(scalars[start..<index]))
                if scalars[index] == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" { index += 1 }
                start = index + 1
            default:
                break
            }
            index += 1
        }
        if start < scalars.count { result.append(stripped(scalars[start...])) }
        return result
    }

    /// Python's `str.strip()`.
    static func stripped<C: BidirectionalCollection>(_ scalars: C) -> String where C.Element == Unicode.Scalar {
        guard let first = scalars.firstIndex(where: { !MTEvalTokenizer.isPythonWhitespace($0) }),
              let last = scalars.lastIndex(where: { !MTEvalTokenizer.isPythonWhitespace($0) }) else { return "" }
        return String(scalars: scalars[first...last])
    }
}
