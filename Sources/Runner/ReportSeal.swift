import DataStore
import Foundation

/// Ties a report page to its results file: the page carries `<meta name="lorabook-seal" content="results=H1 page=H2">`,
/// H1 the SHA-256 of the results.json bytes written with it and H2 that of the page without the seal line. `lorabook
/// check` verifies both, so a page edited by hand, or left from another run, does not pass.
public enum ReportSeal {
    static let prefix = "<meta name=\"lorabook-seal\" content=\""

    /// `page` with the seal line after its `<meta charset>` line.
    public static func seal(page: String, results: Data) -> String {
        let line = prefix + "results=\(SHA256.hex(of: [UInt8](results))) page=\(SHA256.hex(of: Array(page.utf8)))\">\n"
        guard let anchor = page.range(of: "<meta charset=\"utf-8\">\n") else { return line + page }
        var sealed = page
        sealed.insert(contentsOf: line, at: anchor.upperBound)
        return sealed
    }

    /// Throws the one-line reason when `page` (at `pagePath`) was not written with these results or was edited since.
    public static func verify(page: Data, pagePath: String, results: Data, resultsPath: String) throws {
        let text = String(decoding: page, as: UTF8.self)
        guard let start = text.range(of: prefix),
              let end = text[start.upperBound...].range(of: "\">\n") else {
            throw RunnerError.io(path: pagePath, reason: "the page carries no results seal (rendered by an older "
                                 + "lorabook, or edited); regenerate it with `lorabook run`")
        }
        let fields = Dictionary(text[start.upperBound..<end.lowerBound].split(separator: " ").compactMap { field in
            let parts = field.split(separator: "=", maxSplits: 1)
            return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
        }, uniquingKeysWith: { $1 })
        var unsealed = text
        unsealed.removeSubrange(start.lowerBound..<end.upperBound)
        guard fields["page"] == SHA256.hex(of: Array(unsealed.utf8)) else {
            throw RunnerError.io(path: pagePath, reason: "the page was changed after it was rendered (its seal does not match)")
        }
        guard fields["results"] == SHA256.hex(of: [UInt8](results)) else {
            throw RunnerError.io(path: pagePath, reason: "the page was not rendered from \(resultsPath) (a different run's "
                                 + "results); regenerate both with `lorabook run`")
        }
    }
}
