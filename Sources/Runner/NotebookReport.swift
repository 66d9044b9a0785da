import Notebook
import Report

extension ReportDocument {
    /// The report page of a notebook: its front matter as title block (the subtitle, else the description, under
    /// the title), its prose as written, and each code
    /// cell as `cell` describes it once run.
    public init(notebook: Notebook, cell: (CodeCell) -> ReportCell, metadata: [(key: String, value: String)] = []) {
        let blocks = notebook.blocks.map { block -> ReportBlock in
            switch block {
            case .prose(let prose):
                return .prose(html: prose.html, headings: prose.headings.map {
                    ReportHeading(level: $0.level, text: $0.text, id: $0.id)
                })
            case .code(let code):
                return .cell(cell(code))
            }
        }
        let fileName = notebook.file.split(separator: "/").last.map(String.init) ?? notebook.file
        self.init(title: notebook.frontMatter.title ?? fileName, subtitle: notebook.frontMatter["subtitle"]?.text ?? notebook.frontMatter.description,
                  author: notebook.frontMatter.author, date: notebook.frontMatter.date, blocks: blocks,
                  metadata: metadata)
    }
}
