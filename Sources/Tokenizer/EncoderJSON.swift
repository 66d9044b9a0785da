import Foundation

/// Reads GPT-2's `encoder.json`, a flat JSON object from token (in the byte alphabet) to id.
/// Hand-written so that every error names its line and column, and keys stay byte-exact (no Unicode folding).
enum EncoderJSON {
    /// The token bytes indexed by id; ids must be exactly 0..<count.
    static func read(_ url: URL) throws(TokenizerError) -> [[UInt8]] {
        let file = url.path
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .unreadable(file: file, reason: error.localizedDescription)
        }
        var cursor = TextCursor(bytes: [UInt8](data))
        var tokens: [(bytes: [UInt8], id: Int, line: Int, column: Int)] = []

        func fail(_ message: String) -> TokenizerError {
            .malformed(file: file, line: cursor.line, column: cursor.column, message: message)
        }

        cursor.skipWhitespace()
        guard cursor.current == UInt8(ascii: "{") else { throw fail("expected '{' to open the token table") }
        cursor.advance()
        cursor.skipWhitespace()
        if cursor.current == UInt8(ascii: "}") {
            throw fail("the token table is empty")
        }
        while true {
            cursor.skipWhitespace()
            let keyLine = cursor.line, keyColumn = cursor.column
            let key = try readString(&cursor, file: file)
            let bytes: [UInt8]
            switch ByteAlphabet.bytes(of: key) {
            case let .success(value): bytes = value
            case let .failure(outside):
                throw .malformed(file: file, line: keyLine, column: keyColumn, message: "token key: \(outside.message)")
            }
            cursor.skipWhitespace()
            guard cursor.current == UInt8(ascii: ":") else { throw fail("expected ':' after a token key") }
            cursor.advance()
            cursor.skipWhitespace()
            let id = try readID(&cursor, file: file)
            tokens.append((bytes, id, keyLine, keyColumn))
            cursor.skipWhitespace()
            if cursor.current == UInt8(ascii: ",") {
                cursor.advance()
                continue
            }
            guard cursor.current == UInt8(ascii: "}") else { throw fail("expected ',' or '}' after a token id") }
            cursor.advance()
            break
        }
        cursor.skipWhitespace()
        guard cursor.isAtEnd else { throw fail("unexpected text after the token table") }

        var table = [[UInt8]?](repeating: nil, count: tokens.count)
        var seen: [[UInt8]: Int] = [:]
        for token in tokens {
            guard token.id < tokens.count else {
                throw .malformed(file: file, line: token.line, column: token.column,
                                 message: "id \(token.id) is outside 0..<\(tokens.count): ids must be dense")
            }
            guard table[token.id] == nil else {
                throw .malformed(file: file, line: token.line, column: token.column,
                                 message: "id \(token.id) is given to two tokens")
            }
            if let other = seen[token.bytes] {
                throw .malformed(file: file, line: token.line, column: token.column,
                                 message: "token already listed with id \(other)")
            }
            seen[token.bytes] = token.id
            table[token.id] = token.bytes
        }
        return table.map { $0 ?? [] }
    }

    private static func readString(_ cursor: inout TextCursor, file: String) throws(TokenizerError) -> [Unicode.Scalar] {
        func fail(_ message: String) -> TokenizerError {
            .malformed(file: file, line: cursor.line, column: cursor.column, message: message)
        }
        guard cursor.current == UInt8(ascii: "\"") else { throw fail("expected a quoted token key") }
        cursor.advance()
        var scalars: [Unicode.Scalar] = []
        var pendingHighSurrogate: UInt32?
        while true {
            guard let byte = cursor.current else { throw fail("unterminated string at end of file") }
            if byte == UInt8(ascii: "\"") {
                guard pendingHighSurrogate == nil else { throw fail("unpaired UTF-16 surrogate in \\u escape") }
                cursor.advance()
                return scalars
            }
            if byte == UInt8(ascii: "\\") {
                cursor.advance()
                guard let escape = cursor.current else { throw fail("unterminated escape at end of file") }
                let simple: UInt32? = switch escape {
                case UInt8(ascii: "\""): 0x22
                case UInt8(ascii: "\\"): 0x5C
                case UInt8(ascii: "/"): 0x2F
                case UInt8(ascii: "b"): 0x08
                case UInt8(ascii: "f"): 0x0C
                case UInt8(ascii: "n"): 0x0A
                case UInt8(ascii: "r"): 0x0D
                case UInt8(ascii: "t"): 0x09
                default: nil
                }
                if let simple {
                    guard pendingHighSurrogate == nil else { throw fail("unpaired UTF-16 surrogate in \\u escape") }
                    cursor.advance()
                    scalars.append(Unicode.Scalar(simple).unsafelyUnwrapped)
                    continue
                }
                guard escape == UInt8(ascii: "u") else { throw fail("unknown escape '\\\(Character(Unicode.Scalar(escape)))'") }
                cursor.advance()
                var unit: UInt32 = 0
                for _ in 0..<4 {
                    guard let digit = cursor.current.flatMap({ hexValue($0) }) else {
                        throw fail("expected four hex digits after \\u")
                    }
                    unit = unit << 4 | digit
                    cursor.advance()
                }
                if let high = pendingHighSurrogate {
                    guard (0xDC00...0xDFFF).contains(unit) else { throw fail("unpaired UTF-16 surrogate in \\u escape") }
                    pendingHighSurrogate = nil
                    let value = 0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00)
                    guard let scalar = Unicode.Scalar(value) else { throw fail("invalid \\u escape") }
                    scalars.append(scalar)
                } else if (0xD800...0xDBFF).contains(unit) {
                    pendingHighSurrogate = unit
                } else {
                    guard let scalar = Unicode.Scalar(unit) else { throw fail("unpaired UTF-16 surrogate in \\u escape") }
                    scalars.append(scalar)
                }
                continue
            }
            guard pendingHighSurrogate == nil else { throw fail("unpaired UTF-16 surrogate in \\u escape") }
            guard byte >= 0x20 else { throw fail("control character inside a string") }
            guard let scalar = decodeScalar(&cursor) else { throw fail("invalid UTF-8") }
            scalars.append(scalar)
        }
    }

    private static func readID(_ cursor: inout TextCursor, file: String) throws(TokenizerError) -> Int {
        let line = cursor.line, column = cursor.column
        var value = 0
        var digits = 0
        while let byte = cursor.current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
            guard value < 100_000_000 else {
                throw .malformed(file: file, line: line, column: column, message: "token id too large")
            }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            digits += 1
            cursor.advance()
        }
        guard digits > 0 else {
            throw .malformed(file: file, line: line, column: column, message: "expected a non-negative integer token id")
        }
        return value
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// Decodes one UTF-8 scalar at the cursor and moves past it; nil on invalid UTF-8.
    private static func decodeScalar(_ cursor: inout TextCursor) -> Unicode.Scalar? {
        let bytes = cursor.bytes
        let start = cursor.offset
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes[start...].makeIterator()
        switch parser.parseScalar(from: &iterator) {
        case let .valid(encoded):
            for _ in 0..<encoded.count { cursor.advance() }
            return Unicode.UTF8.decode(encoded)
        case .emptyInput, .error:
            return nil
        }
    }
}
