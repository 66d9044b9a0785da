import ArgumentParser

/// `lorabook bench ...`: each benchmark prints a table and writes bench/results/NAME.json.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure lorabook's speed; results go to bench/results/*.json.",
        subcommands: [BenchTrain.self, BenchDecode.self, BenchTokenize.self, BenchScore.self, BenchNotebook.self]
    )
}
