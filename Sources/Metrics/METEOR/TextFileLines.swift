import Foundation

/// The lines of a small UTF-8 text file, split as Java's `BufferedReader.readLine` splits them
/// (at `\n`, `\r\n` or `\r`), scanning bytes rather than characters to stay fast.
struct TextFileLines {
    let path: String
    let lines: [String]

    init(url: URL) throws {
        path = url.path
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw METEORError.unreadable(file: url.path, reason: error.localizedDescription)
        }
        var lines: [String] = []
        let path = url.path
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                if byte == 0x0A || byte == 0x0D {
                    lines.append(try Self.decode(bytes, start..<i, path: path, line: lines.count + 1))
                    if byte == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1 }
                    start = i + 1
                }
                i += 1
            }
            if start < bytes.count {
                lines.append(try Self.decode(bytes, start..<bytes.count, path: path, line: lines.count + 1))
            }
        }
        self.lines = lines
    }

    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, path: String, line: Int) throws -> String {
        guard let text = String(validating: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) else {
            throw METEORError.malformed(file: path, line: line, reason: "not valid UTF-8")
        }
        return text
    }

    /// Splits a line at Java `StringTokenizer`'s default delimiters.
    static func tokens(_ line: String) -> [Substring] {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" })
    }

    /// The integers of a line of space-separated decimal numbers, or nil when one is not a number.
    static func integers(_ line: String) -> [Int32]? {
        var values: [Int32] = []
        var current: Int64 = 0
        var digits = 0
        for byte in line.utf8 {
            if byte >= 0x30 && byte <= 0x39 {
                current = current * 10 + Int64(byte - 0x30)
                digits += 1
                if current > Int64(Int32.max) { return nil }
            } else if byte == 0x20 || byte == 0x09 || byte == 0x0C {
                if digits > 0 { values.append(Int32(current)) }
                current = 0
                digits = 0
            } else {
                return nil
            }
        }
        if digits > 0 { values.append(Int32(current)) }
        return values
    }
}
