import Yams

/// Reads front matter (and `--params` files) with Yams (libyaml): any YAML 1.1 document whose top level is
/// a map, with comments, quoted and multi-line (`|`, `>`) strings, flow and block lists, nested maps,
/// anchors and aliases. Scalars stay text as written (`date: 2026-11-29`, `lr: 1e-3`); list items are
/// scalars. Every error names the front matter's line and column in the file.
struct FrontMatterReader {
    /// The front matter's lines (between the `---` fences) and the file line number of the first one.
    let lines: [String]
    let firstLine: Int

    /// The deepest nesting of lists and maps accepted, checked before Yams composes its (recursive) tree.
    static let maximumNesting = 64

    init(lines: [String], firstLine: Int) {
        self.lines = lines
        self.firstLine = firstLine
    }

    func read() throws(LocatedProblem) -> FrontMatter {
        try checkIndentationAndNesting()
        let root: Node?
        do {
            root = try Yams.compose(yaml: lines.joined(separator: "\n"))
        } catch let error as YamlError {
            throw problem(for: error)
        } catch {
            throw LocatedProblem(position: SourcePosition(line: firstLine, column: 1), message: "\(error)")
        }
        guard let root else { return FrontMatter() }
        switch root {
        case .mapping(let mapping):
            return FrontMatter(entries: try entries(of: mapping))
        case .scalar(let scalar):
            // `title x`: a line that was meant to be `key: value`.
            let word = scalar.string.prefix { $0.isLetter || $0.isNumber || "_-.".contains($0) }
            let mark = position(of: root)
            if !word.isEmpty {
                throw LocatedProblem(position: SourcePosition(line: mark.line, column: mark.column + word.count),
                                     message: "expected ':' after key '\(word)'")
            }
            throw LocatedProblem(position: mark, message: "expected `key: value` lines")
        default:
            throw LocatedProblem(position: position(of: root), message: "expected `key: value` lines, not a list")
        }
    }

    private func entries(of mapping: Node.Mapping) throws(LocatedProblem) -> [FrontMatterEntry] {
        var entries: [FrontMatterEntry] = []
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let key) = keyNode, !key.string.isEmpty else {
                throw LocatedProblem(position: position(of: keyNode), message: "a key must be a plain name")
            }
            let keyPosition = position(of: keyNode)
            if entries.contains(where: { $0.key == key.string }) {
                throw LocatedProblem(position: keyPosition, message: "duplicate key '\(key.string)'")
            }
            entries.append(FrontMatterEntry(key: key.string, value: try value(of: valueNode), position: keyPosition))
        }
        return entries
    }

    private func value(of node: Node) throws(LocatedProblem) -> FrontMatterValue {
        switch node {
        case .scalar(let scalar):
            return .scalar(scalar.string)
        case .mapping(let mapping):
            return .map(try entries(of: mapping))
        case .sequence(let sequence):
            var items: [String] = []
            for item in sequence {
                guard case .scalar(let scalar) = item else {
                    throw LocatedProblem(position: position(of: item), message: "list items must be plain values, not lists or maps")
                }
                items.append(scalar.string)
            }
            return .list(items)
        case .alias:
            throw LocatedProblem(position: position(of: node), message: "an alias must name an anchor defined before it")
        }
    }

    /// Tabs in indentation (which YAML forbids) get their own message; and no line may open more than
    /// `maximumNesting` collections (by indentation, `- ` items and brackets).
    private func checkIndentationAndNesting() throws(LocatedProblem) {
        var brackets = 0
        for (index, line) in lines.enumerated() {
            var column = 0
            for character in line {
                if character == "\t" {
                    throw LocatedProblem(position: SourcePosition(line: firstLine + index, column: column + 1),
                                         message: "tabs are not allowed in indentation")
                }
                guard character == " " || character == "-" || character == "?" else { break }
                column += 1
            }
            var depth = column
            for character in line.dropFirst(column) {
                if character == "[" || character == "{" {
                    brackets += 1
                } else if character == "]" || character == "}" {
                    brackets = max(0, brackets - 1)
                }
                depth = max(depth, column + brackets)
            }
            if depth > Self.maximumNesting {
                throw LocatedProblem(position: SourcePosition(line: firstLine + index, column: 1),
                                     message: "nested too deeply (more than \(Self.maximumNesting) levels of lists, maps or indentation)")
            }
        }
    }

    /// Where a node starts, in the file.
    private func position(of node: Node) -> SourcePosition {
        guard let mark = node.mark else { return SourcePosition(line: firstLine, column: 1) }
        return position(of: mark)
    }

    private func position(of mark: Mark) -> SourcePosition {
        SourcePosition(line: firstLine + mark.line - 1, column: mark.column)
    }

    /// libyaml's error, placed in the file, in the words lorabook's messages use for the common cases.
    private func problem(for error: YamlError) -> LocatedProblem {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let contextText = context?.text ?? ""
            if contextText.contains("quoted scalar"), problem.contains("end of stream") {
                return LocatedProblem(position: position(of: context?.mark ?? mark), message: "unterminated quoted string")
            }
            if contextText.contains("flow sequence"), problem.contains("expected ',' or ']'") {
                return LocatedProblem(position: position(of: context?.mark ?? mark), message: "unterminated list: missing ']'")
            }
            if problem.contains("mapping values are not allowed") {
                return LocatedProblem(position: position(of: mark), message: "': ' inside a plain value; quote the value")
            }
            let message = contextText.isEmpty ? problem : "\(problem) (\(contextText))"
            return LocatedProblem(position: position(of: mark), message: message)
        case let .duplicatedKeysInMapping(duplicates, context):
            // Yams marks the first of the keys; point at the repeat, at the same indentation below it.
            let key = duplicates.first ?? ""
            let column = context.mark.column - 1
            let repeated = lines.indices.dropFirst(context.mark.line).first { index in
                let line = Array(lines[index])
                return line.count > column && String(line[column...]).hasPrefix(key + ":")
            }
            let position = repeated.map { SourcePosition(line: firstLine + $0, column: context.mark.column) }
                ?? position(of: context.mark)
            return LocatedProblem(position: position, message: "duplicate key '\(key)'")
        case let .reader(problem, _, _, _):
            return LocatedProblem(position: SourcePosition(line: firstLine, column: 1), message: problem)
        default:
            return LocatedProblem(position: SourcePosition(line: firstLine, column: 1), message: "\(error)")
        }
    }
}
