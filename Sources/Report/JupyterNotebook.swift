import Foundation

/// A run as a Jupyter notebook (nbformat 4.5): prose as Markdown cells, each code cell with its outputs as Jupyter
/// shows them (text as a stream, tables and markup as HTML, figures as SVG, errors as error outputs).
public enum JupyterNotebook {
    /// A cell in reading order: Markdown source, or a code cell as it ran.
    public enum Cell: Sendable {
        case markdown(String)
        case code(ReportCell)
    }

    /// The `.ipynb` JSON; ids are the code cells' own, `prose-N` for Markdown.
    public static func json(title: String, cells: [Cell]) throws -> Data {
        var used: Set<String> = []
        var proseCount = 0
        var execution = 0
        var counter = CellRenderer.FloatCounter()
        let items: [[String: Any]] = cells.map { cell in
            switch cell {
            case .markdown(let source):
                proseCount += 1
                return ["cell_type": "markdown", "id": uniqueID("prose-\(proseCount)", used: &used), "metadata": [String: Any](),
                        "source": lines(source)]
            case .code(let code):
                var outputs: [[String: Any]] = []
                var ran = false
                switch code.status {
                case .ran, .cached:
                    execution += 1
                    ran = true
                case .error, .notRun: break
                }
                var renderer = CellRenderer(cell: code, counter: counter)
                for output in code.outputs { outputs.append(jupyterOutput(output, renderer: &renderer)) }
                counter = renderer.counter
                var metadata: [String: Any] = ["lorabook": ["status": statusName(code.status)]]
                if !code.echo { metadata["jupyter"] = ["source_hidden": true] }
                return ["cell_type": "code", "id": uniqueID(code.id, used: &used), "metadata": metadata,
                        "execution_count": ran ? execution as Any : NSNull(), "source": lines(code.source), "outputs": outputs]
            }
        }
        let notebook: [String: Any] = [
            "nbformat": 4, "nbformat_minor": 5,
            "metadata": ["title": title,
                         "kernelspec": ["name": "lorabook", "display_name": "lorabook (Swift cells)", "language": "swift"],
                         "language_info": ["name": "swift", "file_extension": ".swift"]],
            "cells": items,
        ]
        return try JSONSerialization.data(withJSONObject: notebook, options: [.prettyPrinted, .sortedKeys])
    }

    /// One output as Jupyter's JSON; figures and tables are numbered as on the page, through `renderer`.
    static func jupyterOutput(_ output: CellOutput, renderer: inout CellRenderer) -> [String: Any] {
        switch output {
        case .text(let text):
            return ["output_type": "stream", "name": "stdout", "text": lines(text.hasSuffix("\n") ? text : text + "\n")]
        case .figure(let chart):
            return ["output_type": "display_data", "metadata": [String: Any](),
                    "data": ["image/svg+xml": lines(ChartRenderer(chart: chart).svg()), "text/plain": [chart.title]]]
        case .error(let error):
            let message = (error.position.map { $0 + ": " } ?? "") + error.message
            return ["output_type": "error", "ename": "CellError", "evalue": message, "traceback": [message]]
        case .table, .prose, .samples, .html, .summary:
            return ["output_type": "display_data", "metadata": [String: Any](),
                    "data": ["text/html": lines(renderer.render(output)), "text/plain": ["(see the HTML output)"]]]
        }
    }

    /// Jupyter's multi-line strings: a list of lines, each but the last keeping its newline.
    static func lines(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == "\n" {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// nbformat 4.5 ids: 1 to 64 of [A-Za-z0-9_-], unique in the notebook.
    static func uniqueID(_ wanted: String, used: inout Set<String>) -> String {
        var base = String(wanted.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "-" }.prefix(56))
        if base.isEmpty { base = "cell" }
        var id = base
        var suffix = 1
        while used.contains(id) {
            suffix += 1
            id = "\(base)-\(suffix)"
        }
        used.insert(id)
        return id
    }

    static func statusName(_ status: CellStatus) -> String {
        switch status {
        case .ran: return "ran"
        case .cached: return "cached"
        case .error: return "error"
        case .notRun: return "not run"
        }
    }
}
