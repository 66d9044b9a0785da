import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/1.1 request to a server on 127.0.0.1, read as raw bytes: enough to fetch a page and to follow a stream of
/// server-sent events in a test.
struct LoopbackHTTP {
    private let socketDescriptor: Int32
    /// Everything received so far: status line, headers, body (chunked bodies with their chunk sizes).
    private(set) var received = Data()

    init(port: UInt16, path: String) throws {
        socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw Failure("socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            Glibc.close(socketDescriptor)
            throw Failure("connect to 127.0.0.1:\(port): \(String(cString: strerror(errno)))")
        }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        guard send(socketDescriptor, request, request.count, Int32(MSG_NOSIGNAL)) == request.count else {
            Glibc.close(socketDescriptor)
            throw Failure("send: \(String(cString: strerror(errno)))")
        }
    }

    /// Reads until what was received contains `text` (true), or the server closes the connection or sends nothing
    /// for `idleSeconds` (false; a guard against a hung test, not a measure of speed).
    mutating func read(until text: String? = nil, idleSeconds: Int32 = 120) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            if let text, String(decoding: received, as: UTF8.self).contains(text) { return true }
            var descriptor = pollfd(fd: socketDescriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, idleSeconds * 1000) == 1 else { return false }
            let count = recv(socketDescriptor, &buffer, buffer.count, 0)
            guard count > 0 else { return false }
            received.append(contentsOf: buffer[..<count])
        }
    }

    var text: String { String(decoding: received, as: UTF8.self) }

    func close() { Glibc.close(socketDescriptor) }

    /// GET `path` and read the whole response (the server closes the connection after it).
    static func get(port: UInt16, path: String) throws -> (status: Int, headers: String, body: String) {
        var connection = try LoopbackHTTP(port: port, path: path)
        defer { connection.close() }
        _ = connection.read()
        let parts = connection.text.components(separatedBy: "\r\n\r\n")
        let head = parts[0]
        let status = head.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return (status, head, parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
