/// A fenced ```` ```swift ```` block: the notebook's runnable unit.
public struct CodeCell: Hashable, Sendable {
    /// 0-based position among the notebook's code cells.
    public var index: Int
    /// The `#id` option, else `cell-N` with N = index + 1.
    public var id: String
    /// The code between the fences, without the final newline.
    public var source: String
    /// Where the first code line starts in the file: line L, column C of the code maps to
    /// file line `codeStart.line + L - 1`, column `codeStart.column + C - 1`.
    public var codeStart: SourcePosition
    /// Where the opening fence is.
    public var fence: SourcePosition
    public var options: CellOptions

    public init(index: Int, id: String, source: String, codeStart: SourcePosition, fence: SourcePosition,
                options: CellOptions) {
        self.index = index
        self.id = id
        self.source = source
        self.codeStart = codeStart
        self.fence = fence
        self.options = options
    }

    /// Whether this is the `{#parameters}` cell, whose bindings `--set` may override.
    public var isParameters: Bool { id == CellOptions.parametersID }

    /// The file position of a position inside `source` (both 1-based).
    public func filePosition(line: Int, column: Int) -> SourcePosition {
        SourcePosition(line: codeStart.line + line - 1, column: codeStart.column + column - 1)
    }
}

/// The options in braces after `swift`: ```` ```swift {#train-lora cache=true echo=false eval=true} ````.
public struct CellOptions: Hashable, Sendable {
    /// The id given with `#id`, if any.
    public var id: String?
    /// Reuse the stored result when the cell and its inputs are unchanged; off unless asked for.
    public var cache: Bool
    /// Show the cell's source in the report.
    public var echo: Bool
    /// Run the cell; `eval=false` shows it without running it.
    public var eval: Bool

    public init(id: String? = nil, cache: Bool = false, echo: Bool = true, eval: Bool = true) {
        self.id = id
        self.cache = cache
        self.echo = echo
        self.eval = eval
    }

    /// The id that marks the parameters cell.
    public static let parametersID = "parameters"
    /// The option names accepted in braces, besides `#id`.
    public static let knownNames = ["cache", "echo", "eval"]
}

/// Parses a fence's info string: `swift`, then optionally `{...}` holding `#id` and `name=true|false` options.
struct CellOptionsParser {
    /// The fence line and the 0-based index where the info string starts in it.
    let line: [Character]
    let infoStart: Int
    let lineNumber: Int

    func parse() throws(LocatedProblem) -> CellOptions {
        var options = CellOptions()
        var cursor = skipSpaces(from: infoStart + "swift".count)
        if cursor >= line.count { return options }
        guard line[cursor] == "{" else {
            throw problem(cursor, "expected options in braces after 'swift', like {#id cache=true}")
        }
        let open = cursor
        cursor += 1
        var seen: Set<String> = []
        while true {
            cursor = skipSpaces(from: cursor)
            guard cursor < line.count else { throw problem(open, "missing '}' to close the cell options") }
            if line[cursor] == "}" { break }
            let start = cursor
            while cursor < line.count, line[cursor] != " ", line[cursor] != "\t", line[cursor] != "}" { cursor += 1 }
            let token = String(line[start..<cursor])
            if token.hasPrefix("#") {
                let id = String(token.dropFirst())
                guard isValidID(id) else {
                    throw problem(start, "invalid cell id '\(id)': use a letter, then letters, digits, '-' or '_'")
                }
                guard options.id == nil else { throw problem(start, "a cell has at most one '#id'") }
                options.id = id
                continue
            }
            let parts = token.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            guard CellOptions.knownNames.contains(name) else {
                throw problem(start, "unknown cell option '\(name)'; known options: #id, "
                                  + CellOptions.knownNames.map { "\($0)=true|false" }.joined(separator: ", "))
            }
            guard !seen.contains(name) else { throw problem(start, "option '\(name)' is given twice") }
            seen.insert(name)
            guard parts.count == 2, parts[1] == "true" || parts[1] == "false" else {
                throw problem(start, "option '\(name)' takes true or false, as in \(name)=true")
            }
            let value = parts[1] == "true"
            switch name {
            case "cache": options.cache = value
            case "echo": options.echo = value
            default: options.eval = value
            }
        }
        let after = skipSpaces(from: cursor + 1)
        if after < line.count { throw problem(after, "unexpected text after the cell options") }
        return options
    }

    private func isValidID(_ id: String) -> Bool {
        guard let first = id.first, first.isASCII, first.isLetter else { return false }
        return id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    private func skipSpaces(from start: Int) -> Int {
        var cursor = start
        while cursor < line.count, line[cursor] == " " || line[cursor] == "\t" { cursor += 1 }
        return cursor
    }

    private func problem(_ index: Int, _ message: String) -> LocatedProblem {
        LocatedProblem(position: SourcePosition(line: lineNumber, column: index + 1), message: message)
    }
}
