import Foundation

/// What the preview shows now, and the pages that are open on it.
///
/// Every finished run publishes a new version (its page, or a message when nothing could be rendered); every open
/// page listens on `/events` and reloads when the version it hears differs from the one it was served with. A page
/// that connects late hears the current version at once, so a run that finished between its load and its
/// connection is never missed.
public final class PreviewState: @unchecked Sendable {
    /// What `/` serves.
    public enum Content: Sendable, Equatable {
        /// A page on disk: the report, or the failed run's page.
        case page(URL)
        /// A page made here: before the first run, or when the notebook could not be run at all (a parse error).
        case message(title: String, text: String)
    }

    private let lock = NSLock()
    private var version = 0
    private var content: Content
    private var listeners: [UUID: AsyncStream<[UInt8]>.Continuation] = [:]

    public init(notebookName: String) {
        content = .message(title: "Running \(notebookName)…", text: "The page loads by itself when the first run ends.")
    }

    /// The current content and its version.
    public var current: (version: Int, content: Content) {
        lock.withLock { (version, content) }
    }

    /// Open pages that listen for new versions.
    public var listenerCount: Int { lock.withLock { listeners.count } }

    /// A run ended: `content` replaces what `/` serves, and every open page reloads.
    public func publish(_ content: Content) {
        let event = lock.withLock { () -> [UInt8] in
            version += 1
            self.content = content
            return Self.event("version", data: "\(version)")
        }
        send(event)
    }

    /// A run started: open pages show that a new version is coming.
    public func announceRun() {
        send(Self.event("running", data: "\(current.version)"))
    }

    /// A comment line every page ignores: writing it finds the connections whose pages are gone.
    func keepAlive() {
        send(Array(": keep-alive\n\n".utf8))
    }

    /// A new listener's stream of server-sent-event bytes, starting with the current version; `cancel` ends it.
    func subscribe() -> (events: AsyncStream<[UInt8]>, cancel: @Sendable () -> Void) {
        let id = UUID()
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream(bufferingPolicy: .bufferingNewest(16))
        lock.withLock {
            continuation.yield(Self.event("version", data: "\(version)"))
            listeners[id] = continuation
        }
        return (stream, { [weak self] in self?.unsubscribe(id) })
    }

    private func unsubscribe(_ id: UUID) {
        lock.withLock { listeners.removeValue(forKey: id) }?.finish()
    }

    private func send(_ event: [UInt8]) {
        let targets = lock.withLock { Array(listeners.values) }
        for listener in targets { listener.yield(event) }
    }

    /// One server-sent event: `event: NAME`, `data: DATA`, a blank line.
    static func event(_ name: String, data: String) -> [UInt8] {
        Array("event: \(name)\ndata: \(data)\n\n".utf8)
    }
}
