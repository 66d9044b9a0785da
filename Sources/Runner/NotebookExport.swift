import Notebook
import Report

/// A run's notebook as Jupyter cells: the prose's own Markdown and the code cells as they ran.
public enum NotebookExport {
    public static func jupyterCells(notebook: Notebook, document: ReportDocument) -> [JupyterNotebook.Cell] {
        let cells = document.blocks.compactMap { block -> ReportCell? in
            if case .cell(let cell) = block { return cell }
            return nil
        }
        var next = cells.makeIterator()
        return notebook.blocks.compactMap { block in
            switch block {
            case .prose(let prose): return .markdown(prose.markdown)
            case .code: return next.next().map { .code($0) }
            }
        }
    }
}
