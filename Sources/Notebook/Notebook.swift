import Foundation

/// A parsed notebook: front matter, then prose and code cells in document order, and the headings
/// for a table of contents.
public struct Notebook: Sendable {
    /// The path diagnostics name.
    public var file: String
    public var frontMatter: FrontMatter
    public var blocks: [NotebookBlock]
    public var headings: [Heading]

    /// Parses notebook text; `file` is the name errors are reported under.
    public init(parsing text: String, file: String, footnotes: Bool = true) throws(NotebookError) {
        self = try NotebookParser(text: text, file: file, footnotes: footnotes).parse()
    }

    /// Reads and parses a notebook file (UTF-8 text); `file` is the name errors use (default: the path).
    public init(contentsOf url: URL, file: String? = nil, footnotes: Bool = true) throws(NotebookError) {
        let name = file ?? url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw NotebookError(file: name, position: nil, message: "cannot read the notebook: no such file")
        }
        if isDirectory.boolValue {
            throw NotebookError(file: name, position: nil, message: "is a directory, not a notebook (a Markdown file)")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw NotebookError(file: name, position: nil, message: "cannot read the notebook (permission denied or not a regular file)")
        }
        if let zero = data.firstIndex(of: 0) {
            throw NotebookError(file: name, position: nil,
                                message: "not a text file (a NUL byte at offset \(zero - data.startIndex)); a notebook is Markdown text")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw NotebookError(file: name, position: nil, message: "the notebook is not valid UTF-8 text")
        }
        try self.init(parsing: text, file: name, footnotes: footnotes)
    }

    public init(file: String, frontMatter: FrontMatter, blocks: [NotebookBlock], headings: [Heading]) {
        self.file = file
        self.frontMatter = frontMatter
        self.blocks = blocks
        self.headings = headings
    }

    /// The code cells, in order.
    public var cells: [CodeCell] {
        blocks.compactMap { block in
            if case .code(let cell) = block { return cell }
            return nil
        }
    }

    /// The `{#parameters}` cell, when the notebook has one.
    public var parametersCell: CodeCell? { cells.first(where: \.isParameters) }
}

/// One block of a notebook.
public enum NotebookBlock: Hashable, Sendable {
    case prose(Prose)
    case code(CodeCell)
}

/// A run of Markdown between code cells: its source lines, the Markdown text, and its HTML.
public struct Prose: Hashable, Sendable {
    public var lines: SourceLines
    public var markdown: String
    /// cmark-gfm's HTML, headings carrying `id` anchors, formulas rendered; the author's raw HTML is kept as is.
    public var html: String
    /// The headings inside this prose, in order.
    public var headings: [Heading]

    public init(lines: SourceLines, markdown: String, html: String, headings: [Heading]) {
        self.lines = lines
        self.markdown = markdown
        self.html = html
        self.headings = headings
    }
}
