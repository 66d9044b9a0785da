import FlyingFox
import FlyingSocks
import Foundation

/// The preview's HTTP server on 127.0.0.1 (FlyingFox): `/` is the current page with the reload script, `/events`
/// the server-sent events that tell open pages to reload, and any other path a file of the report's folder (the
/// files a run saved, other reports) as it is on disk. Nothing outside that folder is served.
public final class PreviewServer: Sendable {
    let state: PreviewState
    let files: ReportFolder
    private let server: HTTPServer

    /// `mainPage` is the report's file name in `directory` (`NAME.html`); it is served with the script like `/`.
    public init(state: PreviewState, directory: URL, mainPage: String, port: UInt16) throws {
        self.state = state
        files = ReportFolder(directory: directory, mainPage: mainPage)
        let address = try sockaddr_in.inet(ip4: "127.0.0.1", port: port)
        server = HTTPServer(address: address, logger: .disabled, handler: Handler(state: state, files: files))
    }

    /// Starts listening; returns the port (the one picked by the system when asked for port 0). Blocks until the
    /// server listens or fails to.
    public func start() throws -> UInt16 {
        let outcome = FirstOutcome()
        let server = self.server
        Task {
            do { try await server.run() } catch { outcome.settle(.failure(error)) }
        }
        Task {
            do {
                try await server.waitUntilListening(timeout: 30)
                switch await server.listeningAddress {
                case .ip4(_, let port)?, .ip6(_, let port)?: outcome.settle(.success(port))
                default: outcome.settle(.failure(SocketError.unsupportedAddress))
                }
            } catch {
                outcome.settle(.failure(error))
            }
        }
        // Pages that went away are found by writing to them.
        let state = self.state
        Task {
            while true {
                try await Task.sleep(nanoseconds: 15_000_000_000)
                state.keepAlive()
            }
        }
        return try outcome.wait().get()
    }

    /// The first of the two start tasks to finish decides; the caller waits for it.
    private final class FirstOutcome: @unchecked Sendable {
        private let lock = NSLock()
        private let done = DispatchSemaphore(value: 0)
        private var result: Result<UInt16, any Error>?

        func settle(_ value: Result<UInt16, any Error>) {
            let first = lock.withLock { () -> Bool in
                guard result == nil else { return false }
                result = value
                return true
            }
            if first { done.signal() }
        }

        func wait() -> Result<UInt16, any Error> {
            done.wait()
            return lock.withLock { result! }
        }
    }

    struct Handler: HTTPHandler {
        let state: PreviewState
        let files: ReportFolder

        func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
            guard request.method == .GET else {
                return HTTPResponse(statusCode: .methodNotAllowed, headers: HTTPHeaders([HTTPHeader("Allow"): "GET"]))
            }
            switch files.resolve(request.path) {
            case .events:
                return HTTPResponse(statusCode: .ok,
                                    headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
                                    body: HTTPBodySequence(from: EventStreamBody(state: state)))
            case .currentPage:
                let (version, content) = state.current
                let html: String
                switch content {
                case .page(let url):
                    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                        return HTTPResponse(statusCode: .notFound)
                    }
                    html = PreviewPage.injecting(into: text, version: version)
                case .message(let title, let text):
                    html = PreviewPage.message(title: title, text: text, version: version)
                }
                return HTTPResponse(statusCode: .ok,
                                    headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                                    body: Data(html.utf8))
            case .file(let url, let type):
                guard let data = try? Data(contentsOf: url) else { return HTTPResponse(statusCode: .notFound) }
                return HTTPResponse(statusCode: .ok, headers: [.contentType: type, .cacheControl: "no-store"], body: data)
            case .notFound where request.path == "/favicon.ico":
                // Browsers ask for one; a report has none, and a 404 would show as an error in the console.
                return HTTPResponse(statusCode: .noContent)
            case .notFound:
                return HTTPResponse(statusCode: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                                    body: Data("not found\n".utf8))
            }
        }
    }
}
