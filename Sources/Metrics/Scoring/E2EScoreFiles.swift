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
        var result: [String] = []
        var current = String.UnicodeScalarView()
        var previousWasCarriageReturn = false
        var pending = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" && previousWasCarriageReturn {
                previousWasCarriageReturn = false
                continue
            }
            previousWasCarriageReturn = scalar == "\r"
            switch scalar.value {
            case 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029:
                result.append(stripped(current))
                current = String.UnicodeScalarView()
                pending = false
            default:
                current.append(scalar)
                pending = true
            }
        }
        if pending { result.append(stripped(current)) }
        return result
    }

    static func stripped(_ scalars: String.UnicodeScalarView) -> String {
        var view = Substring.UnicodeScalarView(scalars)
        while let first = view.first, MTEvalTokenizer.isPythonWhitespace(first) { view.removeFirst() }
        while let last = view.last, MTEvalTokenizer.isPythonWhitespace(last) { view.removeLast() }
        return String(String.UnicodeScalarView(view))
    }
}
