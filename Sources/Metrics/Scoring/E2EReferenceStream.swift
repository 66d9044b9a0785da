/// How a references file lays out its groups.
public enum E2EReferenceFormat: Sendable, Equatable {
    /// One reference a line, groups separated by blank lines (one group per line if there is no blank line).
    case blankLines
    /// An E2E CSV or TSV with MR and reference columns, consecutive rows with the same MR forming a group.
    case csv

    /// By the file name, as `lorabook score` decides: `.csv` and `.tsv` files are CSV.
    public init(path: String) {
        let name = path.lowercased()
        self = name.hasSuffix(".csv") || name.hasSuffix(".tsv") ? .csv : .blankLines
    }
}

/// Turns stripped lines into reference groups, one line at a time.
protocol E2EReferenceGrouping {
    /// The group that line `number` completes, if any.
    mutating func add(_ line: String, number: Int) throws -> [String]?
    /// The last group, once the lines have ended.
    mutating func finish() -> [String]?
}

/// Reference groups read from lines, a group at a time: a file streamed, or a whole text.
struct E2EReferenceStream<Lines: E2ELineSource> {
    private var lines: Lines
    private var grouping: any E2EReferenceGrouping
    let file: String?
    /// Groups read so far.
    private(set) var count = 0
    private var ended = false

    init(lines: Lines, grouping: any E2EReferenceGrouping, file: String?) {
        self.lines = lines
        self.grouping = grouping
        self.file = file
    }

    /// The next group, nil after the last; a source without any group is an error.
    mutating func next() throws -> [String]? {
        guard !ended else { return nil }
        while let line = try lines.next() {
            if let group = try grouping.add(line, number: lines.lineNumber) {
                count += 1
                return group
            }
        }
        ended = true
        if let group = grouping.finish() {
            count += 1
            return group
        }
        guard count > 0 else { throw MetricsError.noItems(file: file) }
        return nil
    }

    /// Every group that is left (read through a copy).
    func all() throws -> [[String]] {
        var stream = self
        var groups: [[String]] = []
        while let group = try stream.next() { groups.append(group) }
        return groups
    }
}

extension E2EReferenceStream where Lines == E2ELineReader {
    /// The file's identity when it was opened (`E2ELineReader.fingerprint`).
    var fingerprint: [Int] { lines.fingerprint }

    /// A references file read line by line. The blank-line layout is single-reference unless a line follows a
    /// blank line, which `multiReference` says when known, else a first look at the file finds out.
    static func open(path: String, format: E2EReferenceFormat, multiReference: Bool? = nil,
                     chunkSize: Int = 1 << 16) throws -> Self {
        let grouping: any E2EReferenceGrouping
        switch format {
        case .csv:
            grouping = E2EReferenceCSV.Groups(file: path)
        case .blankLines:
            let multiReference = try multiReference
                ?? E2EScoreFiles.isMultiReference(E2ELineReader(path: path, chunkSize: chunkSize))
            grouping = E2EScoreFiles.BlankLineGroups(multiReference: multiReference, file: path)
        }
        return Self(lines: try E2ELineReader(path: path, chunkSize: chunkSize), grouping: grouping, file: path)
    }
}
