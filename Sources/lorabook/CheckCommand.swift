import ArgumentParser
import Foundation
import Runner

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Re-run a notebook without the cache and compare its results with the committed results.json.",
        discussion: """
        First the committed page must carry the seal of the committed results.json (it was rendered from them and \
        not edited since). Timings are never compared. Default tolerances: scores 5e-3 absolute, losses 1% relative, counts exact, \
        texts (digests of generated outputs) not compared; they absorb another CPU's or thread count's float \
        noise. --exact demands bit-identical numbers and identical texts (the same machine and thread count \
        give them); --tolerance text=0 compares texts without it. A notebook's front matter can set `tolerances:` \
        as a map such as `loss: 2%`.
        """
    )

    @OptionGroup var invocation: NotebookInvocation

    @Flag(help: "Demand bit-identical numbers.")
    var exact = false

    @Option(help: ArgumentHelp("Override tolerances: kind=value[,kind=value] (value absolute, or N% relative).",
                               valueName: "kind=value"))
    var tolerance: String?

    func run() throws {
        try exitingOnFailure { try check() }
    }

    /// The committed page must carry the seal of the committed results file (see `ReportSeal`).
    func verifyPage() throws {
        let location = invocation.location
        let page: Data, results: Data
        do {
            page = try Data(contentsOf: location.html)
        } catch {
            throw CommandFailure("\(location.html.path): error: cannot read the committed report page")
        }
        do {
            results = try Data(contentsOf: location.results)
        } catch {
            throw CommandFailure("\(location.results.path): error: cannot read the results file")
        }
        try ReportSeal.verify(page: page, pagePath: location.html.path, results: results, resultsPath: location.results.path)
    }

    /// Re-runs and compares; throws the one-line error, or `ExitCode.failure` after printing the drifts.
    func check() throws {
        // A bad params file is reported as such, before the results file it names is looked for.
        _ = try invocation.overrides()
        let committedURL = invocation.location.results
        let committed = try ResultsFile.read(from: committedURL)
        try verifyPage()
        let (notebook, outcome) = try invocation.run(useCache: false, savingFiles: false)
        if let failure = outcome.failure { throw CommandFailure(failure) }
        guard RunWorld.isWriter else { return }
        var exact = exact
        if exact, let reason = ExactComparison.fallbackReason(fresh: outcome.results, committed: committed) {
            print(reason)
            exact = false
        }
        var tolerances: Tolerances = exact ? .exact : .default
        if !exact, let map = notebook.frontMatter["tolerances"], case .map(let entries) = map {
            let text = entries.compactMap { entry in entry.value.text.map { "\(entry.key)=\($0)" } }
                .joined(separator: ",")
            tolerances = try tolerances.overridden(by: text)
        }
        if let tolerance { tolerances = try tolerances.overridden(by: tolerance) }
        let drifts = compareResults(fresh: outcome.results, committed: committed, tolerances: tolerances)
        let compared = committed.entries.filter { $0.kind != .timing }.count
        if drifts.isEmpty {
            print("check passed: \(compared) results match \(committedURL.path)")
        } else {
            print(driftTable(drifts))
            print("check failed: \(drifts.count) of \(compared) results drifted from \(committedURL.path)")
            throw ExitCode.failure
        }
    }
}
