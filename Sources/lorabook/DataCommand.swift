import ArgumentParser
import DataStore
import Foundation

struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Provision the E2E, GPT-2 BPE and METEOR files into the data folder, verified by SHA-256."
    )

    @Option(help: "Data folder (default: $LORABOOK_DATA or ./data).")
    var dir: String?

    @Option(help: "Local mirror folder (default: $LORABOOK_DATA_MIRROR or ../shared/data when it exists).")
    var mirror: String?

    @Flag(help: "Never download; use only existing copies and the mirror.")
    var offline = false

    func run() throws {
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let dataDirectory = dir.map { URL(fileURLWithPath: $0) } ?? DataLocation.dataDirectory(packageRoot: root)
        let mirrorDirectory = mirror.map { URL(fileURLWithPath: $0) } ?? DataLocation.mirrorDirectory(packageRoot: root)
        let provisioner = DataProvisioner(dataDirectory: dataDirectory, mirrorDirectory: mirrorDirectory,
                                          allowDownload: !offline)
        do {
            try provisioner.provisionAll { file, source in
                let how = switch source {
                case .existing: "verified"
                case .mirror: "copied from \(mirrorDirectory?.path ?? "mirror")"
                case .download: "downloaded"
                }
                print("\(file.path): \(how)")
            }
        } catch let error as DataError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode.failure
        }
        print("data ready in \(dataDirectory.path) (\(DataManifest.files.count) files)")
    }
}
