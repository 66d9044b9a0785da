import ArgumentParser
import Foundation
import Report
import Runner
import AtomicWrite

/// `lorabook export --ipynb`: runs a notebook (cached cells reused) and writes it as a Jupyter notebook with outputs.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Run a notebook (using the cache) and write it as a Jupyter notebook (nbformat 4.5) with its outputs."
    )

    @OptionGroup var invocation: NotebookInvocation

    @Flag(help: "Write report/NAME.ipynb: prose as Markdown cells, code cells with outputs (tables as HTML, figures as SVG).")
    var ipynb = false

    func run() throws {
        try exitingOnFailure {
            guard ipynb else { throw CommandFailure("error: choose a format: --ipynb") }
            let location = invocation.location
            if RunWorld.isWriter { try ReportOutput.prepare(location, notebook: invocation.notebookURL) }
            let (notebook, outcome) = try invocation.run(useCache: true, savingFiles: true)
            guard RunWorld.isWriter else { return }
            // Files the cells saved belong to `run`'s report; export leaves report/NAME/ as it was.
            try? FileManager.default.removeItem(at: location.artifactsStaging)
            let title = outcome.document.title
            let data = try JupyterNotebook.json(title: title, cells: NotebookExport.jupyterCells(notebook: notebook, document: outcome.document))
            let target = location.directory.appendingPathComponent(location.baseName + ".ipynb")
            try AtomicWrite.write(data, to: target)
            print("wrote \(target.path)")
            if let failure = outcome.failure { throw CommandFailure("export: a cell failed (its error is in the notebook): \(failure)") }
        }
    }
}
