import Foundation

/// What a number in the report is, which decides how `lorabook check` compares it.
public enum ResultKind: String, Codable, Sendable, CaseIterable {
    /// Evaluation scores (BLEU, NIST, ...).
    case score
    /// Training and validation losses.
    case loss
    /// Counts that must match exactly (parameters, examples, tokens).
    case count
    /// Wall times, throughput and memory: shown, never compared.
    case timing
    /// Text (sample generations, checksums): compared exactly.
    case text
}

/// One number or text the report shows, under a stable key such as `lora.scores.bleu`.
public struct ResultEntry: Codable, Sendable, Equatable {
    public var key: String
    public var kind: ResultKind
    public var number: Double?
    public var text: String?

    public init(key: String, kind: ResultKind, number: Double) {
        self.key = key
        self.kind = kind
        self.number = number
        self.text = nil
    }

    public init(key: String, kind: ResultKind, text: String) {
        self.key = key
        self.kind = kind
        self.number = nil
        self.text = text
    }
}

/// How one cell ran, for the record.
public struct CellRecord: Codable, Sendable, Equatable {
    public var id: String
    public var state: String
    public var seconds: Double
    /// For a cell restored from the cache: the build, commit and date that computed it.
    public var madeBy: CellProvenance?

    public init(id: String, state: String, seconds: Double, madeBy: CellProvenance? = nil) {
        self.id = id
        self.state = state
        self.seconds = seconds
        self.madeBy = madeBy
    }
}

/// Which engine build (the first digits of its source digest), commit and date computed a cached cell's result.
public struct CellProvenance: Codable, Sendable, Equatable, CustomStringConvertible {
    public var build: String
    public var commit: String?
    public var date: String

    public init(build: String, commit: String?, date: String) {
        self.build = build
        self.commit = commit
        self.date = date
    }

    /// "from the cache: computed 2026-12-04T19:50:00Z by engine build 1a2b3c4d5e6f (commit 141e1b0)".
    public var description: String {
        "from the cache: computed \(date) by engine build \(build)" + (commit.map { " (commit \($0))" } ?? "")
    }
}

/// `report/NAME.results.json`: every number the report shows, machine-readable.
public struct ResultsFile: Codable, Sendable, Equatable {
    public var notebook: String
    public var parameters: [String: String]
    public var entries: [ResultEntry]
    public var cells: [CellRecord]
    public var metadata: [String: String]

    public init(notebook: String, parameters: [String: String] = [:], entries: [ResultEntry] = [],
                cells: [CellRecord] = [], metadata: [String: String] = [:]) {
        self.notebook = notebook
        self.parameters = parameters
        self.entries = entries
        self.cells = cells
        self.metadata = metadata
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // JSON has no NaN or infinity: they are written as strings; finite numbers are unaffected.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self)
    }

    public static func read(from url: URL) throws -> ResultsFile {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw RunnerError.io(path: url.path, reason: "cannot read the results file")
        }
        do {
            let decoder = JSONDecoder()
            decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            return try decoder.decode(ResultsFile.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw RunnerError.badResults(path: url.path, reason: context.debugDescription)
        } catch {
            throw RunnerError.badResults(path: url.path, reason: "\(error)")
        }
    }
}
