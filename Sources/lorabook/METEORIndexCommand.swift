import ArgumentParser
import DataStore
import Foundation
import Metrics

struct METEORIndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meteor-index",
        abstract: "Parse METEOR's paraphrase table once into .lorabook-cache/meteor/ so later loads take a second."
    )

    @Option(help: "Data folder (default: $LORABOOK_DATA or ./data).")
    var dir: String?

    func run() throws {
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let dataDirectory = dir.map { URL(fileURLWithPath: $0) } ?? DataLocation.dataDirectory(packageRoot: root)
        let index = METEOR.defaultParaphraseIndex(packageRoot: root)
        let start = Date()
        do {
            let meteor = try METEOR(dataDirectory: dataDirectory.appendingPathComponent("meteor"), paraphraseIndex: index)
            let seconds = String(format: "%.1f", Date().timeIntervalSince(start))
            print("\(index.path): \(meteor.paraphraseRecordCount) paraphrase records ready (\(seconds) s)")
        } catch let error as METEORError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode.failure
        }
    }
}
