import DataStore
import Foundation
import Testing

@Suite struct DataProvisionerTests {
    let scratch: URL
    let good = Array("hello lorabook\n".utf8)

    init() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lorabook-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch.appendingPathComponent("mirror/sub"),
                                                withIntermediateDirectories: true)
    }

    var file: DataFile { DataFile(path: "sub/hello.txt", sha256: SHA256.hex(of: good), bytes: good.count, url: nil) }

    func provisioner() -> DataProvisioner {
        DataProvisioner(dataDirectory: scratch.appendingPathComponent("data"),
                        mirrorDirectory: scratch.appendingPathComponent("mirror"), files: [file], allowDownload: false)
    }

    @Test func copiesFromTheMirrorThenReusesTheVerifiedCopy() throws {
        try Data(good).write(to: scratch.appendingPathComponent("mirror/sub/hello.txt"))
        #expect(try provisioner().provisionAll() == [.mirror])
        #expect(try Data(contentsOf: scratch.appendingPathComponent("data/sub/hello.txt")) == Data(good))
        #expect(try provisioner().provisionAll() == [.existing])
    }

    @Test func aCorruptMirrorFileIsRejectedAndNothingIsInstalled() throws {
        try Data("tampered\n".utf8).write(to: scratch.appendingPathComponent("mirror/sub/hello.txt"))
        #expect {
            try provisioner().provisionAll()
        } throws: { error in
            guard case .checksumMismatch(let name, let at, _, _) = error as? DataError else { return false }
            return name == "sub/hello.txt" && at.hasSuffix("mirror/sub/hello.txt")
                && (error as! DataError).description.contains("expected \(SHA256.hex(of: good))")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.appendingPathComponent("data/sub/hello.txt").path))
    }

    @Test func aMissingFileNamesEveryPlaceItLooked() throws {
        #expect {
            try provisioner().provisionAll()
        } throws: { error in
            let line = (error as? DataError)?.description ?? ""
            return line.contains("'sub/hello.txt' not found") && line.contains("data/sub/hello.txt")
                && line.contains("mirror/sub/hello.txt") && line.contains("LORABOOK_DATA_MIRROR")
        }
    }

    @Test func verifyingBeforeARunCatchesAnEditedFileAndSkipsAMissingOne() throws {
        #expect(try provisioner().verifyPresent() == 0)
        try FileManager.default.createDirectory(at: scratch.appendingPathComponent("data/sub"), withIntermediateDirectories: true)
        try Data(good).write(to: scratch.appendingPathComponent("data/sub/hello.txt"))
        #expect(try provisioner().verifyPresent() == 1)
        try Data("hello lorabook!\n".utf8).write(to: scratch.appendingPathComponent("data/sub/hello.txt"))
        #expect(throws: DataError.self) { try provisioner().verifyPresent() }
    }

    @Test func anEditedExistingCopyIsReportedNotOverwritten() throws {
        try Data(good).write(to: scratch.appendingPathComponent("mirror/sub/hello.txt"))
        try provisioner().provisionAll()
        let installed = scratch.appendingPathComponent("data/sub/hello.txt")
        try Data("edited\n".utf8).write(to: installed)
        #expect(throws: DataError.self) { try provisioner().provisionAll() }
        #expect(try Data(contentsOf: installed) == Data("edited\n".utf8))
    }

    @Test func theManifestListsEveryFileOnceWithAFullChecksum() {
        let paths = DataManifest.files.map(\.path)
        #expect(Set(paths).count == paths.count)
        #expect(DataManifest.files.allSatisfy { $0.sha256.count == 64 && $0.bytes > 0 })
    }
}
