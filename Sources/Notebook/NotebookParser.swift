import Foundation
import CCmarkGFM

/// Turns notebook text into a `Notebook`: front matter, math lifting, cmark-gfm, cells and headings.
struct NotebookParser {
    let file: String
    let footnotes: Bool
    /// The file's lines, line endings removed.
    let lines: [String]

    init(text: String, file: String, footnotes: Bool) {
        self.file = file
        self.footnotes = footnotes
        // CommonMark ends a line at CR, LF or CRLF; so do the line numbers here (a lone CR once shifted them).
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        lines = normalized.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    func parse() throws(NotebookError) -> Notebook {
        var markdownLines = lines
        let frontMatter = try readFrontMatter(blanking: &markdownLines)
        var math = MathSpans()
        markdownLines = math.extract(from: markdownLines)
        let tree = MarkdownTree(markdown: markdownLines.joined(separator: "\n"), footnotes: footnotes)

        var pieces: [Piece] = []
        var cells: [CodeCell] = []
        var firstUse: [String: Int] = [:]
        for node in tree.topLevelNodes {
            if let cell = try codeCell(node, index: cells.count) {
                if let line = firstUse[cell.id] {
                    throw NotebookError(file: file, position: cell.fence,
                                        message: "duplicate cell id '\(cell.id)' (first used by the cell at line \(line))")
                }
                firstUse[cell.id] = cell.fence.line
                cells.append(cell)
                pieces.append(.cell(cell))
            } else if case .prose(let nodes) = pieces.last {
                pieces[pieces.count - 1] = .prose(nodes + [node])
            } else {
                pieces.append(.prose([node]))
            }
        }

        var slugs = SlugMaker(reserved: Set(cells.map(\.id)))
        var blocks: [NotebookBlock] = []
        var headings: [Heading] = []
        for piece in pieces {
            switch piece {
            case .cell(let cell):
                blocks.append(.code(cell))
            case .prose(let nodes):
                let prose = renderProse(nodes, tree: tree, math: math, slugs: &slugs)
                headings += prose.headings
                blocks.append(.prose(prose))
            }
        }
        return Notebook(file: file, frontMatter: frontMatter, blocks: blocks, headings: headings)
    }

    private enum Piece {
        case prose([OpaquePointer])
        case cell(CodeCell)
    }

    /// Reads `---`-fenced front matter at the top and blanks its lines, so Markdown line numbers stay true.
    private func readFrontMatter(blanking markdownLines: inout [String]) throws(NotebookError) -> FrontMatter {
        guard let first = lines.first, first.trimmingWhitespace() == "---", first.hasPrefix("---") else {
            return FrontMatter()
        }
        guard let end = lines.indices.dropFirst().first(where: { ["---", "..."].contains(lines[$0].trimmingWhitespace()) }) else {
            throw NotebookError(file: file, position: SourcePosition(line: 1, column: 1),
                                message: "front matter opened with '---' is never closed")
        }
        let reader = FrontMatterReader(lines: Array(lines[1..<end]), firstLine: 2)
        let frontMatter: FrontMatter
        do {
            frontMatter = try reader.read()
        } catch {
            throw error.inFile(file)
        }
        for index in 0...end { markdownLines[index] = "" }
        return frontMatter
    }

    /// A top-level fenced block whose info string starts with the word `swift`, as a code cell.
    private func codeCell(_ node: OpaquePointer, index: Int) throws(NotebookError) -> CodeCell? {
        guard MarkdownTree.type(of: node) == CMARK_NODE_CODE_BLOCK, MarkdownTree.isFenced(node) else { return nil }
        let lineNumber = MarkdownTree.startLine(of: node)
        guard lines.indices.contains(lineNumber - 1) else { return nil }
        let line = Array(lines[lineNumber - 1])
        var cursor = 0
        while cursor < line.count, line[cursor] == " " { cursor += 1 }
        let indent = cursor
        guard cursor < line.count else { return nil }
        let marker = line[cursor]
        while cursor < line.count, line[cursor] == marker { cursor += 1 }
        while cursor < line.count, line[cursor] == " " || line[cursor] == "\t" { cursor += 1 }
        let info = line[cursor...]
        guard info.starts(with: "swift") else { return nil }
        let afterWord = cursor + 5
        guard afterWord == line.count || [" ", "\t", "{"].contains(line[afterWord]) else { return nil }

        let options: CellOptions
        do {
            options = try CellOptionsParser(line: line, infoStart: cursor, lineNumber: lineNumber).parse()
        } catch {
            throw error.inFile(file)
        }
        let endLine = MarkdownTree.endLine(of: node)
        let closing = lines.indices.contains(endLine - 1) ? Array(lines[endLine - 1]).drop { $0 == " " } : []
        let fenceLength = line[indent...].prefix { $0 == marker }.count
        let closed = endLine > lineNumber && closing.prefix { $0 == marker }.count >= fenceLength
            && closing.drop(while: { $0 == marker }).allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard closed else {
            throw NotebookError(file: file, position: SourcePosition(line: lineNumber, column: indent + 1),
                                message: "this code cell's fence is never closed: add a line '\(String(repeating: marker, count: fenceLength))' after its code")
        }
        var source = MarkdownTree.literal(of: node)
        if source.hasSuffix("\n") { source.removeLast() }
        return CodeCell(
            index: index, id: options.id ?? "cell-\(index + 1)", source: source,
            codeStart: SourcePosition(line: lineNumber + 1, column: indent + 1),
            fence: SourcePosition(line: lineNumber, column: indent + 1), options: options)
    }

    private func renderProse(_ nodes: [OpaquePointer], tree: MarkdownTree, math: MathSpans,
                             slugs: inout SlugMaker) -> Prose {
        let first = MarkdownTree.startLine(of: nodes[0])
        let last = max(first, nodes.map(MarkdownTree.endLine(of:)).max() ?? first)
        var headings: [Heading] = []
        var anchors: [(tag: String, replacement: String)] = []
        for node in nodes {
            for heading in MarkdownTree.headings(in: node) {
                let level = MarkdownTree.headingLevel(of: heading)
                let text = math.restore(in: MarkdownTree.plainText(of: heading), render: \.tex).trimmingWhitespace()
                let id = slugs.slug(for: text)
                headings.append(Heading(level: level, text: text, id: id,
                                        position: SourcePosition(line: MarkdownTree.startLine(of: heading),
                                                                 column: MarkdownTree.startColumn(of: heading))))
                anchors.append(("<h\(level) data-sourcepos=\"\(MarkdownTree.sourcePosAttribute(of: heading))\">",
                                "<h\(level) id=\"\(HTMLText.escape(id))\">"))
            }
        }
        var html = tree.renderHTML(nodes)
        // One pass over the section for all its headings (a search per heading was quadratic).
        if !anchors.isEmpty {
            let replacements = Dictionary(anchors.map { ($0.tag, $0.replacement) }, uniquingKeysWith: { first, _ in first })
            html = html.replacing(#/<h[1-6] data-sourcepos="[0-9]+:[0-9]+-[0-9]+:[0-9]+">/#) { match in
                replacements[String(match.output)] ?? String(match.output)
            }
        }
        html = html.replacing(#/ data-sourcepos="[0-9]+:[0-9]+-[0-9]+:[0-9]+"/#, with: "")
        html = math.restore(in: html, render: MathRenderer.html(for:))
        let low = min(max(first - 1, 0), lines.count)
        let high = max(low, min(last, lines.count))
        let markdown = lines[low..<high].joined(separator: "\n")
        return Prose(lines: SourceLines(first: first, last: high), markdown: markdown, html: html, headings: headings)
    }
}
