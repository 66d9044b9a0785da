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
        let bytes = [UInt8](data)
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw .malformed(file: file, line: firstInvalidLine(in: bytes), column: 1, message: "invalid UTF-8")
        }
        var idOfBytes: [[UInt8]: Int32] = [:]
        idOfBytes.reserveCapacity(tokens.count)
        for (id, token) in tokens.enumerated() {
            idOfBytes[token] = Int32(id)
        }

        var merges: [Merge] = []
        merges.reserveCapacity(50_000)
        var lineNumber = 0
        var lineStart = 0
        while lineStart < bytes.count {
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            var contentEnd = lineEnd
            if contentEnd > lineStart, bytes[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
            let line = bytes[lineStart..<contentEnd]
            lineStart = lineEnd + 1
            if line.isEmpty || (lineNumber == 1 && line.starts(with: Array("#version".utf8))) { continue }
            let text = String(decoding: line, as: UTF8.self)
            let parts = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw .malformed(file: file, line: lineNumber, column: 1,
                                 message: "expected two tokens separated by one space, found '\(text)'")
            }
            var ids: [Int32] = []
            var merged: [UInt8] = []
            var column = 1
            for part in parts {
                let spelled = String(decoding: part, as: UTF8.self)
                let raw: [UInt8]
                switch ByteAlphabet.bytes(of: spelled.unicodeScalars) {
                case let .success(value): raw = value
                case let .failure(outside):
                    throw .malformed(file: file, line: lineNumber, column: column, message: outside.message)
                }
                guard let id = idOfBytes[raw] else {
                    throw .malformed(file: file, line: lineNumber, column: column,
                                     message: "token '\(spelled)' is not in encoder.json")
                }
                ids.append(id)
                merged += raw
                column += spelled.unicodeScalars.count + 1
            }
            guard let mergedID = idOfBytes[merged] else {
                throw .malformed(file: file, line: lineNumber, column: 1,
                                 message: "merged token '\(text.replacingOccurrences(of: " ", with: ""))' "
                                     + "is not in encoder.json")
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
