import AtomicWrite
import Foundation
import Testing

@Suite struct AtomicWriteTests {
    private func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID())", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    private func entries(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    struct Stop: Error {}

    @Test func writesAFileIntoNewFoldersAndReplacesIt() throws {
        let folder = try scratch()
        let url = folder.appendingPathComponent("a/b/out.txt")
        try AtomicWrite.write("first", to: url)
        try AtomicWrite.write("second", to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "second")
        #expect(try entries(url.deletingLastPathComponent()) == ["out.txt"])
        let mode = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        #expect(mode == 0o644)
    }

    @Test func aFailingBodyLeavesTheOldFileAndNoTemporary() throws {
        let folder = try scratch()
        let url = folder.appendingPathComponent("kept.bin")
        try AtomicWrite.write(Data([1, 2, 3]), to: url)
        #expect(throws: Stop.self) {
            try AtomicWrite.writeFile(to: url) { sink in
                try sink.write([9, 9])
                throw Stop()
            }
        }
        #expect(try Data(contentsOf: url) == Data([1, 2, 3]))
        #expect(try entries(folder) == ["kept.bin"])
    }

    @Test func aMissingFolderFailsNamingTheFile() throws {
        let url = try scratch().appendingPathComponent("absent/x.bin")
        let error = try #require(throws: AtomicWriteError.self) {
            try AtomicWrite.writeFile(to: url) { try $0.write([1]) }
        }
        #expect(error.path == url.path)
    }

    @Test func aFolderIsReplacedWholeOnlyWhenTheNewOneIsComplete() throws {
        let folder = try scratch()
        let target = folder.appendingPathComponent("model")
        try AtomicWrite.writeDirectory(at: target) { inside in
            try AtomicWrite.write("old", to: inside.appendingPathComponent("old.txt"))
        }
        #expect(throws: Stop.self) {
            try AtomicWrite.writeDirectory(at: target) { inside in
                try AtomicWrite.write("half", to: inside.appendingPathComponent("new.txt"))
                throw Stop()
            }
        }
        #expect(try entries(target) == ["old.txt"])
        try AtomicWrite.writeDirectory(at: target) { inside in
            try AtomicWrite.write("new", to: inside.appendingPathComponent("new.txt"))
        }
        #expect(try entries(target) == ["new.txt"])
        #expect(try entries(folder) == ["model"])
    }

    @Test func aFileInTheWayOfAFolderIsAnError() throws {
        let folder = try scratch()
        let target = folder.appendingPathComponent("model")
        try AtomicWrite.write("x", to: target)
        let error = try #require(throws: AtomicWriteError.self) {
            try AtomicWrite.writeDirectory(at: target) { _ in }
        }
        #expect(error.reason.contains("not a folder"))
    }
}
