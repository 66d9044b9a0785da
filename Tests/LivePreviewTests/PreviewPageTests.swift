import Foundation
import Testing
@testable import LivePreview

@Suite struct PreviewPageTests {
    @Test func theScriptGoesBeforeTheLastClosingBodyTag() {
        let page = "<html><body><p>a</p><pre>&lt;/body&gt;</pre></body>\n</html>\n"
        let served = PreviewPage.injecting(into: page, version: 7)
        #expect(served.hasPrefix("<html><body><p>a</p><pre>&lt;/body&gt;</pre><script data-lorabook-watch>"))
        #expect(served.hasSuffix("</script>\n</body>\n</html>\n"))
        #expect(served.contains("const served = 7;"))
        #expect(served.components(separatedBy: "<script").count == 2)
    }

    @Test func aPageWithoutABodyTagGetsTheScriptAtTheEnd() {
        let served = PreviewPage.injecting(into: "<p>fragment</p>", version: 1)
        #expect(served.hasPrefix("<p>fragment</p><script data-lorabook-watch>"))
    }

    @Test func aMessagePageEscapesTheErrorAndListensForReloads() {
        let page = PreviewPage.message(title: "nb.md cannot run", text: "nb.md:3:1: error: <tag> & \"quote\"", version: 2)
        #expect(page.contains("<pre>nb.md:3:1: error: &lt;tag&gt; &amp; &quot;quote&quot;</pre>"))
        #expect(page.contains("new EventSource('/events')"))
        #expect(page.contains("const served = 2;"))
    }
}

@Suite struct ReportFolderTests {
    /// A report folder with a page, a saved file, a hidden folder, and a link that leads outside.
    static func makeFolder() throws -> (folder: URL, outside: URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("report-folder-\(UUID())", isDirectory: true)
        let folder = root.appendingPathComponent("report", isDirectory: true)
        let manager = FileManager.default
        try manager.createDirectory(at: folder.appendingPathComponent("nb"), withIntermediateDirectories: true)
        try manager.createDirectory(at: folder.appendingPathComponent(".lorabook"), withIntermediateDirectories: true)
        try Data("p".utf8).write(to: folder.appendingPathComponent("nb.html"))
        try Data("{}".utf8).write(to: folder.appendingPathComponent("nb/predictions.json"))
        try Data("x".utf8).write(to: folder.appendingPathComponent(".lorabook/entry"))
        let outside = root.appendingPathComponent("secret.txt")
        try Data("secret".utf8).write(to: outside)
        try manager.createSymbolicLink(at: folder.appendingPathComponent("link.txt"), withDestinationURL: outside)
        return (folder, outside)
    }

    @Test func pathsReachOnlyTheFilesOfTheFolder() throws {
        let (folder, _) = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let files = ReportFolder(directory: folder, mainPage: "nb.html")
        #expect(files.resolve("/") == .currentPage)
        #expect(files.resolve("/nb.html") == .currentPage)
        #expect(files.resolve("/events") == .events)
        let saved = folder.appendingPathComponent("nb/predictions.json").resolvingSymlinksInPath()
        #expect(files.resolve("/nb/predictions.json") == .file(saved, contentType: "application/json"))
        #expect(files.resolve("/nb%2Fpredictions.json") == .file(saved, contentType: "application/json"))
        for refused in ["/../secret.txt", "/nb/../../secret.txt", "/%2E%2E/secret.txt", "/.lorabook/entry", "/link.txt",
                        "/nb", "/missing.html"] {
            #expect(files.resolve(refused) == .notFound, "\(refused)")
        }
    }
}

@Suite struct PreviewStateTests {
    /// The next event a listener hears, as text.
    static func next(_ iterator: inout AsyncStream<[UInt8]>.Iterator) async -> String? {
        await iterator.next().map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func aListenerHearsTheCurrentVersionThenEachNewOne() async {
        let state = PreviewState(notebookName: "nb.md")
        state.publish(.page(URL(fileURLWithPath: "/tmp/nb.html")))
        let (events, cancel) = state.subscribe()
        var iterator = events.makeAsyncIterator()
        #expect(await Self.next(&iterator) == "event: version\ndata: 1\n\n")
        state.announceRun()
        state.publish(.message(title: "t", text: "e"))
        #expect(await Self.next(&iterator) == "event: running\ndata: 1\n\n")
        #expect(await Self.next(&iterator) == "event: version\ndata: 2\n\n")
        #expect(state.current.version == 2)
        #expect(state.current.content == .message(title: "t", text: "e"))
        #expect(state.listenerCount == 1)
        cancel()
        #expect(state.listenerCount == 0)
        #expect(await iterator.next() == nil)
    }

    @Test func droppingTheEventBodyUnsubscribes() async {
        let state = PreviewState(notebookName: "nb.md")
        do {
            var iterator = EventStreamBody(state: state).makeAsyncIterator()
            #expect(state.listenerCount == 1)
            let first = await iterator.nextBuffer(suggested: 6).map { String(decoding: $0, as: UTF8.self) }
            let rest = await iterator.nextBuffer(suggested: 4096).map { String(decoding: $0, as: UTF8.self) }
            #expect(first == "event:")
            #expect(rest == " version\ndata: 0\n\n")
        }
        #expect(state.listenerCount == 0)
    }
}

@Suite struct FileWatcherTests {
    @Test func aSaveIsNoticedAndNamed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("watcher-\(UUID())", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let notebook = folder.appendingPathComponent("nb.md"), params = folder.appendingPathComponent("p.yaml")
        try Data("a".utf8).write(to: notebook)
        try Data("x: 1".utf8).write(to: params)
        let watcher = FileWatcher(files: [notebook, params], interval: 0.01)
        let before = watcher.stamps()
        #expect(watcher.stamps() == before)
        // Saved the way editors do: a new file renamed over the old one.
        try Data("x: 22".utf8).write(to: params, options: .atomic)
        #expect(watcher.waitForChange(from: before) == [params])
        let after = watcher.stamps()
        try FileManager.default.removeItem(at: notebook)
        #expect(watcher.stamps()[0] == nil)
        try Data("b".utf8).write(to: notebook)
        #expect(watcher.waitForChange(from: after) == [notebook])
    }
}
