import ArgumentParser
import Foundation

/// Where a benchmark writes its record: `--results DIR` (default `bench/results`) and `--name NAME`
/// (default the benchmark's own name), giving `DIR/NAME.json`.
struct BenchOutput: ParsableArguments {
    @Option(help: ArgumentHelp("Folder for the results file.", valueName: "dir"))
    var results = "bench/results"

    @Option(help: ArgumentHelp("Results file name without .json (default: the benchmark's name).", valueName: "name"))
    var name: String?

    func validate() throws {
        if let name, name.isEmpty || name.contains("/") {
            throw ValidationError("--name '\(name)' must be a plain file name (no '/')")
        }
    }

    /// Writes the record and says where.
    func write(_ record: BenchmarkRecord) throws {
        let url = try record.write(directory: URL(fileURLWithPath: results, isDirectory: true), name: name)
        print("wrote \(url.relativePath)")
    }
}
