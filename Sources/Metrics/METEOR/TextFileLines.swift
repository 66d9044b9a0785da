import Foundation

/// The lines of a small UTF-8 text file, split as Java's `BufferedReader.readLine` splits them.
struct TextFileLines {
    let path: String
    let lines: [Substring]

    init(url: URL) throws {
        path = url.path
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw METEORError.unreadable(file: url.path, reason: error.localizedDescription)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw METEORError.unreadable(file: url.path, reason: "not valid UTF-8")
        }
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
        if lines.last == "" { lines.removeLast() }
        self.lines = lines
    }

    /// Splits a line at Java `StringTokenizer`'s default delimiters.
    static func tokens(_ line: Substring) -> [Substring] {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" })
    }
}
