import ArgumentParser

@main
struct Lorabook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lorabook",
        abstract: "A literate notebook runner that reproduces LoRA fine-tuning research on the CPU.",
        version: "0.2.0",
        subcommands: [
            DataCommand.self, RunCommand.self, CheckCommand.self, SweepCommand.self, WatchCommand.self, ExportCommand.self, TokenizeCommand.self, GenerateCommand.self, ScoreCommand.self,
            MetricsTokenizeCommand.self, METEORIndexCommand.self, BenchCommand.self, MPISelfTestCommand.self,
        ]
    )

    static func main() {
        OpenBLASThreadTimeout.setByRunningAgain()
        main(nil)
    }
}
