import Foundation
import Runner
import Testing

@Suite struct CellCacheTests {
    let cache = CellCache(root: FileManager.default.temporaryDirectory.appendingPathComponent("cache-\(UUID())"))

    @Test func aStoredEntryIsFoundWithItsFiles() throws {
        try cache.store("k1") { folder in try Data("42".utf8).write(to: folder.appendingPathComponent("value")) }
        let folder = try #require(cache.lookup("k1"))
        #expect(try String(contentsOf: folder.appendingPathComponent("value"), encoding: .utf8) == "42")
        #expect(cache.lookup("k2") == nil)
    }

    @Test func aFailedWriteLeavesNoEntryAndKeepsTheOldOne() throws {
        struct Interrupted: Error {}
        try cache.store("k") { folder in try Data("old".utf8).write(to: folder.appendingPathComponent("value")) }
        #expect(throws: Interrupted.self) {
            try cache.store("k") { folder in
                try Data("half".utf8).write(to: folder.appendingPathComponent("value"))
                throw Interrupted()
            }
        }
        let folder = try #require(cache.lookup("k"))
        #expect(try String(contentsOf: folder.appendingPathComponent("value"), encoding: .utf8) == "old")
    }

    @Test func cacheKeysDependOnEveryPartAndItsBoundaries() {
        var a = CacheKey(); a.add("source", "ab"); a.add("reads", "c")
        var b = CacheKey(); b.add("source", "a"); b.add("reads", "bc")
        var c = CacheKey(); c.add("source", "ab"); c.add("reads", "c")
        #expect(a.digest != b.digest)
        #expect(a.digest == c.digest)
        #expect(a.digest.count == 64)
    }
}
