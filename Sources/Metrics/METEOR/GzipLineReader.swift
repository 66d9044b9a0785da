import CZlib
import Foundation

/// Streams the lines of a gzip-compressed text file through zlib without holding the whole text.
struct GzipLineReader {
    let url: URL

    /// Calls `body` with each line (without its `\n` or `\r\n`) and its 1-based number.
    func forEachLine(_ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws {
        let compressed: Data
        do {
            compressed = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw METEORError.unreadable(file: url.path, reason: error.localizedDescription)
        }
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw METEORError.unreadable(file: url.path, reason: "zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }

        let chunkSize = 1 << 22
        var buffer = [UInt8](repeating: 0, count: chunkSize * 2)
        var pending = 0
        var lineNumber = 0
        try compressed.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
            guard let inputBase = input.bindMemory(to: UInt8.self).baseAddress else { return }
            guard input.count <= Int(UInt32.max) else {
                throw METEORError.unreadable(file: url.path, reason: "larger than 4 GiB, more than a paraphrase table can be")
            }
            stream.next_in = UnsafeMutablePointer(mutating: inputBase)
            stream.avail_in = UInt32(input.count)
            var finished = false
            while !finished {
                if buffer.count - pending < chunkSize { buffer.append(contentsOf: repeatElement(0, count: chunkSize)) }
                let produced: Int = try buffer.withUnsafeMutableBufferPointer { out in
                    guard let outBase = out.baseAddress else { return 0 }
                    stream.next_out = outBase + pending
                    let room = out.count - pending
                    stream.avail_out = UInt32(room)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    switch status {
                    case Z_STREAM_END:
                        if stream.avail_in > 0 {
                            inflateReset(&stream)
                        } else {
                            finished = true
                        }
                    case Z_OK:
                        break
                    case Z_BUF_ERROR where stream.avail_in == 0:
                        throw METEORError.unreadable(file: url.path, reason: "the gzip stream ends early (truncated file)")
                    default:
                        let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                        throw METEORError.unreadable(file: url.path, reason: "not valid gzip data: \(message)")
                    }
                    return room - Int(stream.avail_out)
                }
                let filled = pending + produced
                pending = try buffer.withUnsafeBufferPointer { bytes -> Int in
                    var lineStart = 0
                    var i = 0
                    while i < filled {
                        if bytes[i] == 0x0A {
                            var end = i
                            if end > lineStart && bytes[end - 1] == 0x0D { end -= 1 }
                            lineNumber += 1
                            try body(UnsafeBufferPointer(rebasing: bytes[lineStart..<end]), lineNumber)
                            lineStart = i + 1
                        }
                        i += 1
                    }
                    if finished && lineStart < filled {
                        lineNumber += 1
                        try body(UnsafeBufferPointer(rebasing: bytes[lineStart..<filled]), lineNumber)
                        return 0
                    }
                    return filled - lineStart
                }
                if pending > 0 && !finished {
                    let start = filled - pending
                    buffer.withUnsafeMutableBufferPointer { bytes in
                        guard let base = bytes.baseAddress else { return }
                        base.update(from: base + start, count: pending)
                    }
                }
            }
        }
    }
}
