import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Lines of stripped text, one at a time: a file (`E2ELineReader`) or a whole text (`E2ETextLines`).
protocol E2ELineSource {
    /// The next line, nil at the end.
    mutating func next() throws -> String?
    /// The 1-based number of the line `next()` returned last.
    var lineNumber: Int { get }
}

/// A whole text's lines (from `E2EScoreFiles.lines(of:)`).
struct E2ETextLines: E2ELineSource {
    private var lines: IndexingIterator<[String]>
    private(set) var lineNumber = 0

    init(_ lines: [String]) { self.lines = lines.makeIterator() }

    mutating func next() -> String? {
        guard let line = lines.next() else { return nil }
        lineNumber += 1
        return line
    }
}

/// A UTF-8 file's lines as `E2ELineSplitter` cuts them, read `chunkSize` bytes at a time: memory holds one chunk
/// and one line, whatever the file's size. A byte-order mark at the start is dropped (as Foundation's decoding
/// did when the scorer read files whole). Bytes that are not UTF-8 are an error naming the line and byte offset.
final class E2ELineReader: E2ELineSource {
    let path: String
    /// What identifies this version of the file (device, inode, size, modification time).
    let fingerprint: [Int]
    private let descriptor: Int32
    private var chunk: [UInt8]
    private var filled = 0
    private var position = 0
    /// `chunk[..<valid]` is UTF-8 (or the start of a sequence that later bytes complete).
    private var valid = 0
    /// The file offset of `chunk[0]`.
    private var chunkOffset = 0
    private var validator = UTF8Validator()
    private var invalidOffset: Int?
    private var ended = false
    private var splitter = E2ELineSplitter()

    var lineNumber: Int { splitter.count }

    init(path: String, chunkSize: Int = 1 << 16) throws {
        self.path = path
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw MetricsError.unreadable(file: path, reason: "cannot read the file") }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw MetricsError.unreadable(file: path, reason: "cannot read the file (not a regular file; scoring reads it twice)")
        }
        fingerprint = [Int(info.st_dev), Int(info.st_ino), Int(info.st_size), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec)]
        chunk = [UInt8](repeating: 0, count: max(1, chunkSize))
        var head = [UInt8](repeating: 0, count: 3)
        if pread(descriptor, &head, 3, 0) == 3, head == [0xEF, 0xBB, 0xBF] {
            _ = lseek(descriptor, 3, SEEK_SET)
            chunkOffset = 3
        }
    }

    deinit { close(descriptor) }

    func next() throws -> String? {
        while true {
            if position < valid {
                let line = chunk.withUnsafeBufferPointer { buffer in
                    splitter.next(in: UnsafeBufferPointer(rebasing: buffer[..<valid]), position: &position)
                }
                if let line { return line }
            }
            if let invalidOffset {
                throw MetricsError.invalidLine(file: path, line: splitter.count + 1,
                                               reason: "not valid UTF-8 (byte offset \(invalidOffset))")
            }
            if ended { return splitter.finish() }
            try refill()
        }
    }

    private func refill() throws {
        chunkOffset += filled
        var count: Int
        repeat {
            count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        } while count < 0 && errno == EINTR
        guard count >= 0 else {
            throw MetricsError.unreadable(file: path, reason: "cannot read the file (\(String(cString: strerror(errno))))")
        }
        filled = count
        position = 0
        if count == 0 {
            ended = true
            valid = 0
            if !validator.isAtBoundary { invalidOffset = validator.sequenceStart }
            return
        }
        let invalid = chunk.withUnsafeBufferPointer { buffer in
            validator.firstInvalid(in: UnsafeBufferPointer(rebasing: buffer[..<count]), offset: chunkOffset)
        }
        valid = invalid ?? count
        if invalid != nil { invalidOffset = validator.sequenceStart }
    }
}

/// UTF-8 checked as bytes arrive (Unicode's well-formed byte sequences: no overlong forms, surrogates or
/// values past U+10FFFF), a sequence possibly split between pieces.
struct UTF8Validator {
    private var remaining = 0
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF
    /// The offset of the lead byte of the sequence being read (or of the byte found invalid).
    private(set) var sequenceStart = 0

    var isAtBoundary: Bool { remaining == 0 }

    /// The index in `bytes` of the first byte that cannot continue valid UTF-8, or nil; `offset` is the
    /// position of `bytes[0]` in the whole input.
    mutating func firstInvalid(in bytes: UnsafeBufferPointer<UInt8>, offset: Int) -> Int? {
        for index in bytes.indices {
            let byte = bytes[index]
            if remaining > 0 {
                guard byte >= lower, byte <= upper else { return index }
                remaining -= 1
                lower = 0x80
                upper = 0xBF
                continue
            }
            if byte < 0x80 { continue }
            sequenceStart = offset + index
            switch byte {
            case 0xC2...0xDF: remaining = 1
            case 0xE0: remaining = 2; lower = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: remaining = 2
            case 0xED: remaining = 2; upper = 0x9F
            case 0xF0: remaining = 3; lower = 0x90
            case 0xF1...0xF3: remaining = 3
            case 0xF4: remaining = 3; upper = 0x8F
            default: return index
            }
        }
        return nil
    }
}
