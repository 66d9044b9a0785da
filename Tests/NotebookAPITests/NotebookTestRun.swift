import Foundation
import Notebook
import NotebookAPI
import Runner

/// Runs notebook text through the real builtins, with a cache under `cacheRoot` and no progress output.
func runNotebook(_ text: String, file: String, environment: NotebookEnvironment, cacheRoot: URL) throws -> RunOutcome {
    let runner = NotebookRunner(builtins: NotebookAPI.builtins(environment), restorers: NotebookAPI.restorers(environment),
                                cache: CellCache(root: cacheRoot), progress: ProgressReporter(isTerminal: false, sink: { _ in }),
                                options: RunOptions())
    return try runner.run(try Notebook(parsing: text, file: file))
}
