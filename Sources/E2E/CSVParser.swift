/// The byte-level state machine behind `CSVTable`; input is already known to be valid UTF-8.
struct CSVParser {
    private let bytes: [UInt8]
    private let file: String
    private var offset = 0
    private var line = 1
    private var lineStart = 0

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            offset = 3
            lineStart = 3
        }
    }

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","),
        cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

    private func column(at position: Int) -> Int {
        1 + bytes[lineStart..<position].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    private func error(_ message: String, at position: Int) -> E2EDataError {
        .malformed(file: file, line: line, column: column(at: position), message: message)
    }

    /// Moves past a line break at `offset` (CRLF, LF or a lone CR) and starts counting the next line.
    private mutating func consumeLineBreak() {
        if bytes[offset] == Self.cr, offset + 1 < bytes.count, bytes[offset + 1] == Self.lf {
            offset += 2
        } else {
            offset += 1
        }
        line += 1
        lineStart = offset
    }

    mutating func records() throws(E2EDataError) -> [[CSVTable.Field]] {
        var records: [[CSVTable.Field]] = []
        var record: [CSVTable.Field] = []
        while offset < bytes.count {
            let field = try readField()
            record.append(field.value)
            if offset >= bytes.count {
                break
            }
            let byte = bytes[offset]
            if byte == Self.comma {
                offset += 1
                if offset >= bytes.count {
                    record.append(CSVTable.Field(text: "", line: line, column: column(at: offset)))
                }
                continue
            }
            consumeLineBreak()
            if !(record.count == 1 && record[0].text.isEmpty && !field.quoted) {
                records.append(record)
            }
            record = []
        }
        if !record.isEmpty, !(record.count == 1 && record[0].text.isEmpty) {
            records.append(record)
        }
        return records
    }

    private mutating func readField() throws(E2EDataError) -> (value: CSVTable.Field, quoted: Bool) {
        let startLine = line
        let startColumn = column(at: offset)
        if offset < bytes.count, bytes[offset] == Self.quote {
            let openedAt = offset
            let openedLine = line, openedLineStart = lineStart
            offset += 1
            var content: [UInt8] = []
            while true {
                guard offset < bytes.count else {
                    line = openedLine
                    lineStart = openedLineStart
                    throw error("unterminated quoted field (the quote opened here is never closed)", at: openedAt)
                }
                let byte = bytes[offset]
                if byte == Self.quote {
                    if offset + 1 < bytes.count, bytes[offset + 1] == Self.quote {
                        content.append(Self.quote)
                        offset += 2
                        continue
                    }
                    offset += 1
                    break
                }
                if byte == Self.cr || byte == Self.lf {
                    let isCRLF = byte == Self.cr && offset + 1 < bytes.count && bytes[offset + 1] == Self.lf
                    content.append(byte)
                    if isCRLF { content.append(Self.lf) }
                    consumeLineBreak()
                    continue
                }
                content.append(byte)
                offset += 1
            }
            if offset < bytes.count {
                let next = bytes[offset]
                guard next == Self.comma || next == Self.cr || next == Self.lf else {
                    throw error("unexpected text after a closing quote (a quote inside a field is written \"\")",
                                at: offset)
                }
            }
            let text = String(decoding: content, as: UTF8.self)
            return (CSVTable.Field(text: text, line: startLine, column: startColumn + 1), true)
        }
        let start = offset
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == Self.comma || byte == Self.cr || byte == Self.lf { break }
            if byte == Self.quote {
                throw error("quote inside an unquoted field (quote the whole field and write \"\")", at: offset)
            }
            offset += 1
        }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        return (CSVTable.Field(text: text, line: startLine, column: startColumn), false)
    }
}
