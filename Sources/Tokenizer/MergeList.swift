import Foundation

/// Reads GPT-2's `vocab.bpe`: a `#version` line, then one merge `left right` per line, highest priority first.
enum MergeList {
    /// One merge as token ids: `left` followed by `right` becomes `merged`.
    struct Merge: Equatable {
        var left: Int32
        var right: Int32
        var merged: Int32
    }

    /// The merges in rank order, resolved against the token table from `encoder.json`.
    static func read(_ url: URL, tokens: [[UInt8]]) throws(TokenizerError) -> [Merge] {
        let file = url.path
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .unreadable(file: file, reason: error.localizedDescription)
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw .malformed(file: file, line: firstInvalidLine(in: [UInt8](data)), column: 1, message: "invalid UTF-8")
        }
        var idOfBytes: [[UInt8]: Int32] = [:]
        idOfBytes.reserveCapacity(tokens.count)
        for (id, bytes) in tokens.enumerated() {
            idOfBytes[bytes] = Int32(id)
        }

        var merges: [Merge] = []
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine[...]
            if lineNumber == 1 && line.hasPrefix("#version") { continue }
            if line.isEmpty {
                continue
            }
            let parts = line.unicodeScalars.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw .malformed(file: file, line: lineNumber, column: 1,
                                 message: "expected two tokens separated by one space, found '\(line)'")
            }
            var ids: [Int32] = []
            var merged: [UInt8] = []
            var column = 1
            for part in parts {
                let bytes: [UInt8]
                switch ByteAlphabet.bytes(of: part) {
                case let .success(value): bytes = value
                case let .failure(outside):
                    throw .malformed(file: file, line: lineNumber, column: column, message: outside.message)
                }
                guard let id = idOfBytes[bytes] else {
                    throw .malformed(file: file, line: lineNumber, column: column,
                                     message: "token '\(String(String.UnicodeScalarView(part)))' is not in encoder.json")
                }
                ids.append(id)
                merged += bytes
                column += part.count + 1
            }
            guard let mergedID = idOfBytes[merged] else {
                throw .malformed(file: file, line: lineNumber, column: 1,
                                 message: "merged token '\(line.replacingOccurrences(of: " ", with: ""))' is not in encoder.json")
            }
            merges.append(Merge(left: ids[0], right: ids[1], merged: mergedID))
        }
        return merges
    }

    private static func firstInvalidLine(in bytes: [UInt8]) -> Int {
        var line = 1
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "\n") {
            if String(validating: bytes[start..<index], as: UTF8.self) == nil { return line }
            line += 1
            start = index + 1
        }
        return line
    }
}
