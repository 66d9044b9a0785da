import Foundation

/// The LoRA repo's pre-tokenised E2E files (`valid.txt`, `test.txt`): one `MR||REF ` line per example.
public enum LoRALineFile {
    public struct Line: Sendable, Hashable {
        /// The context text, e.g. `name : Alimentum | area : city centre`.
        public var mr: String
        /// The tokenised reference, without the trailing space.
        public var reference: String
    }

    /// Reads every non-blank line; each must hold exactly one `||`. Surrounding spaces are dropped.
    public static func read(_ url: URL) throws(E2EDataError) -> [Line] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .unreadable(file: url.path, reason: error.localizedDescription)
        }
        let bytes = [UInt8](data)
        if let bad = UTF8Validation.firstInvalidOffset(in: bytes) {
            let place = SourcePlace(bytes: bytes, offset: bad)
            throw .malformed(file: url.path, line: place.line, column: place.column, message: "invalid UTF-8")
        }
        let bar = UInt8(ascii: "|")
        var lines: [Line] = []
        var number = 0
        for raw in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            let text = trimmed(raw)
            if text.isEmpty { continue }
            var separators: [Int] = []
            var index = text.startIndex
            while index + 1 < text.endIndex {
                if text[index] == bar, text[index + 1] == bar {
                    separators.append(index)
                    index += 2
                } else {
                    index += 1
                }
            }
            guard separators.count == 1, let at = separators.first else {
                throw .malformed(file: url.path, line: number, column: 1,
                                 message: "expected one '||' between MR and reference, found \(separators.count)")
            }
            lines.append(Line(mr: String(decoding: text[..<at], as: UTF8.self),
                              reference: String(decoding: trimmed(text[(at + 2)...]), as: UTF8.self)))
        }
        return lines
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
        var slice = bytes
        while let first = slice.first, isSpace(first) { slice = slice.dropFirst() }
        while let last = slice.last, isSpace(last) { slice = slice.dropLast() }
        return slice
    }
}
