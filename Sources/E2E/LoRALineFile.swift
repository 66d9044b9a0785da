import Foundation

/// The LoRA repo's pre-tokenised E2E files (`valid.txt`, `test.txt`): one `MR||REF ` line per example.
public enum LoRALineFile {
    public struct Line: Sendable, Hashable {
        /// The context text, e.g. `name : Alimentum | area : city centre`.
        public var mr: String
        /// The tokenised reference, without the trailing space.
        public var reference: String
    }

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
        var lines: [Line] = []
        var number = 0
        for raw in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { continue }
            let parts = text.components(separatedBy: "||")
            guard parts.count == 2 else {
                throw .malformed(file: url.path, line: number, column: 1,
                                 message: "expected one '||' between MR and reference, found \(parts.count - 1)")
            }
            lines.append(Line(mr: parts[0], reference: parts[1].trimmingCharacters(in: .whitespaces)))
        }
        return lines
    }
}
