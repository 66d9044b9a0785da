import Foundation

/// An RFC 4180 CSV file: quoted fields with `""` escapes and embedded newlines, CRLF or LF line ends,
/// UTF-8 with an optional BOM. Every field keeps the line and column where it starts, for error messages.
public struct CSVTable: Sendable, Equatable {
    /// One field's text and where it starts (1-based; the column counts Unicode scalars).
    public struct Field: Sendable, Equatable {
        public var text: String
        public var line: Int
        public var column: Int
    }

    public var file: String
    public var header: [Field]
    public var records: [[Field]]

    /// Reads and parses a CSV file; the first record is the header.
    public static func read(_ url: URL) throws(E2EDataError) -> CSVTable {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .unreadable(file: url.path, reason: error.localizedDescription)
        }
        return try parse([UInt8](data), file: url.path)
    }

    /// Parses CSV bytes; `file` names the source in errors. Blank lines are skipped; every record must have
    /// as many fields as the header.
    public static func parse(_ bytes: [UInt8], file: String) throws(E2EDataError) -> CSVTable {
        if let bad = UTF8Validation.firstInvalidOffset(in: bytes) {
            let place = SourcePlace(bytes: bytes, offset: bad)
            throw .malformed(file: file, line: place.line, column: place.column, message: "invalid UTF-8")
        }
        var parser = CSVParser(bytes: bytes, file: file)
        var rows = try parser.records()
        guard !rows.isEmpty else {
            throw .malformed(file: file, line: 1, column: 1, message: "empty file: a header row is required")
        }
        let header = rows.removeFirst()
        for row in rows where row.count != header.count {
            throw .malformed(file: file, line: row[0].line, column: 1,
                             message: "row has \(row.count) field\(row.count == 1 ? "" : "s"), "
                                 + "the header has \(header.count)")
        }
        return CSVTable(file: file, header: header, records: rows)
    }

    /// The index of each wanted column, matching header names case-insensitively; a missing name is an error.
    public func columns(named names: [String]) throws(E2EDataError) -> [Int] {
        var indices: [Int] = []
        for name in names {
            guard let index = header.firstIndex(where: { $0.text.lowercased() == name.lowercased() }) else {
                let found = header.map { "'\($0.text)'" }.joined(separator: ", ")
                throw .malformed(file: file, line: header.first?.line ?? 1, column: 1,
                                 message: "header has no column '\(name)' (found \(found))")
            }
            indices.append(index)
        }
        return indices
    }
}

/// A 1-based line and column (in Unicode scalars) of a byte offset.
struct SourcePlace {
    var line = 1
    var column = 1

    init(bytes: [UInt8], offset: Int) {
        var lineStart = 0
        var index = 0
        while index < offset {
            if bytes[index] == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            } else if bytes[index] == UInt8(ascii: "\r"), index + 1 >= bytes.count || bytes[index + 1] != UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        column = 1 + bytes[lineStart..<offset].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }
}

/// Finds the first byte that breaks UTF-8 (overlong forms, surrogates and values past U+10FFFF included).
enum UTF8Validation {
    static func firstInvalidOffset(in bytes: [UInt8]) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var secondRange: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; secondRange = 0xA0...0xBF
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; secondRange = 0x80...0x9F
            case 0xF0: length = 4; secondRange = 0x90...0xBF
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; secondRange = 0x80...0x8F
            default: return index
            }
            guard index + 1 < count, secondRange.contains(bytes[index + 1]) else { return index }
            for offset in 2..<length {
                guard index + offset < count, (0x80...0xBF).contains(bytes[index + offset]) else { return index }
            }
            index += length
        }
        return nil
    }
}
