import Foundation

/// The e2e-metrics text formats: references one a line with groups separated by blank lines, predictions
/// one a line. Lines are split and stripped as Python's `codecs` reader and `str.strip()` do. The whole-text
/// functions and the file readers share one line splitter and one grouping (`E2EReferenceStream`);
/// `E2EScoreFileSource` streams both files for scoring.
public enum E2EScoreFiles {
    /// Reference groups of a references file's text. A text with no blank line is single-reference: every
    /// line is its own group (as `measure_scores.py` does).
    public static func references(text: String, file: String? = nil) throws -> [[String]] {
        let lines = lines(of: text)
        let grouping = BlankLineGroups(multiReference: try isMultiReference(E2ETextLines(lines)), file: file)
        return try E2EReferenceStream(lines: E2ETextLines(lines), grouping: grouping, file: file).all()
    }

    /// Predictions of a predictions file's text; blank lines are empty predictions.
    public static func predictions(text: String) -> [String] { lines(of: text) }

    public static func references(contentsOf url: URL) throws -> [[String]] {
        try E2EReferenceStream.open(path: url.path, format: .blankLines).all()
    }

    public static func predictions(contentsOf url: URL) throws -> [String] {
        let reader = try E2ELineReader(path: url.path)
        var lines: [String] = []
        while let line = try reader.next() { lines.append(line) }
        return lines
    }

    /// Python's `splitlines` boundaries; a final line break does not start another line.
    static func lines(of text: String) -> [String] {
        var text = text
        return text.withUTF8 { bytes in
            var splitter = E2ELineSplitter()
            var position = 0
            var lines: [String] = []
            while let line = splitter.next(in: bytes, position: &position) { lines.append(line) }
            if let last = splitter.finish() { lines.append(last) }
            return lines
        }
    }

    /// Python's `str.strip()`.
    static func stripped<C: BidirectionalCollection>(_ scalars: C) -> String where C.Element == Unicode.Scalar {
        var text = String(String.UnicodeScalarView(scalars))
        return text.withUTF8(E2ELineSplitter.stripped)
    }

    /// Whether a blank-line references file holds groups: `measure_scores.py` reads it as groups unless it makes
    /// one group, i.e. unless no line follows a blank line (a final blank line only ends the last group).
    /// Reads up to the line after the first blank line.
    static func isMultiReference<Lines: E2ELineSource>(_ lines: Lines) throws -> Bool {
        var lines = lines
        var afterBlank = false
        while let line = try lines.next() {
            if afterBlank { return true }
            afterBlank = line.isEmpty
        }
        return false
    }

    /// Groups of the blank-line layout: lines up to a blank line, or one line per group in a single-reference file.
    struct BlankLineGroups: E2EReferenceGrouping {
        let multiReference: Bool
        let file: String?
        private var group: [String] = []
        private var groupLine = 1
        private var groups = 0

        init(multiReference: Bool, file: String?) {
            self.multiReference = multiReference
            self.file = file
        }

        mutating func add(_ line: String, number: Int) throws -> [String]? {
            guard multiReference else { return line.isEmpty ? nil : [line] }
            guard line.isEmpty else {
                group.append(line)
                return nil
            }
            guard !group.isEmpty else { throw MetricsError.emptyReferenceGroup(index: groups, file: file, line: groupLine) }
            defer {
                group = []
                groups += 1
                groupLine = number + 1
            }
            return group
        }

        /// The group the text ends in; a final blank line leaves an empty one, which is not a group.
        mutating func finish() -> [String]? {
            defer { group = [] }
            return group.isEmpty ? nil : group
        }
    }
}
