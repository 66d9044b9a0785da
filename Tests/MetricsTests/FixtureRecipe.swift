import DataStore
import Foundation
@testable import Metrics

/// The fixture JSON written by tools/make_metric_fixtures.py (official scores; no E2E text).
struct MetricFixtures: Decodable {
    struct ScoredSet: Decodable {
        var name: String
        var source: String
        var step: Int
        var items: Int
        var predictionsSHA256: String
        var bleu, nist, meteor, rougeL, cider: Double
    }
    struct Handwritten: Decodable {
        var predictions: [String]
        var references: [[String]]
        var bleu, nist, meteor, rougeL, cider: Double
    }
    struct ReferenceTokenization: Decodable {
        var source: String
        var lines: Int
        var cocoSHA256: String
    }
    struct HardPTB: Decodable {
        var text: String
        var ptb: String
        var coco: String
    }
    struct HardMTEval: Decodable {
        var text: String
        var tokens: [String]
    }
    struct Tokenization: Decodable {
        var references: [ReferenceTokenization]
        var hardPTB: [HardPTB]
        var hardMTEval: [HardMTEval]
    }
    var sets: [ScoredSet]
    var handwritten: Handwritten
    var tokenization: Tokenization

    static func load() throws -> MetricFixtures {
        guard let url = Bundle.module.url(forResource: "e2e_metric_fixtures", withExtension: "json", subdirectory: "Fixtures") else {
            throw FixtureError("Fixtures/e2e_metric_fixtures.json is missing from the test bundle")
        }
        return try JSONDecoder().decode(MetricFixtures.self, from: Data(contentsOf: url))
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The fixture recipe, mirroring `perturb()` and `build_items()` in tools/make_metric_fixtures.py.
enum FixtureRecipe {
    static let synonyms = [("restaurant", "eatery"), ("serves", "served"), ("food", "cuisine"), ("located", "situated"),
                           ("coffee shop", "café"), ("family-friendly", "family friendly"), ("kids", "children")]

    /// References of an E2E CSV grouped by MR in first-seen order, each stripped.
    static func referenceGroups(csv path: String) throws -> [[String]] {
        let url = try DataLocation.testDataFile(path)
        let rows = try CSVReader.rows(of: String(contentsOf: url, encoding: .utf8))
        guard let header = rows.first, let mrColumn = header.firstIndex(of: "mr"), let refColumn = header.firstIndex(of: "ref") else {
            throw FixtureError("\(path): no mr,ref header")
        }
        var order: [String] = []
        var groups: [String: [String]] = [:]
        for row in rows.dropFirst() where row.count > max(mrColumn, refColumn) {
            let mr = row[mrColumn]
            if groups[mr] == nil { order.append(mr) }
            groups[mr, default: []].append(E2EScoreFiles.stripped(row[refColumn].unicodeScalars))
        }
        return order.map { groups[$0] ?? [] }
    }

    static func items(csv path: String, step: Int) throws -> (predictions: [String], references: [[String]]) {
        let groups = try referenceGroups(csv: path)
        let taken = Array(stride(from: 0, to: groups.count, by: step))
        let predictions = taken.enumerated().map { k, g in perturb(variant: k % 12, k: k, group: g, groups: groups) }
        return (predictions, taken.map { groups[$0] })
    }

    static func perturb(variant: Int, k: Int, group g: Int, groups: [[String]]) -> String {
        let refs = groups[g]
        let first = refs[0]
        var words = first.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        switch variant {
        case 0: return first
        case 1: return groups[(g + 1) % groups.count][0]
        case 2:
            let last = refs[refs.count - 1].split(separator: " ", omittingEmptySubsequences: false)
            return last.enumerated().filter { $0.offset % 4 != 3 }.map { String($0.element) }.joined(separator: " ")
        case 3:
            if words.count >= 3 { words.swapAt(1, 2) }
            return words.joined(separator: " ")
        case 4:
            var out = first
            for (old, new) in synonyms { out = out.replacingOccurrences(of: old, with: new, options: .literal) }
            return out
        case 5:
            return refs[refs.count / 2].replacingOccurrences(of: ",", with: "", options: .literal)
                .replacingOccurrences(of: ".", with: " !", options: .literal)
        case 6:
            let shifted = first.unicodeScalars.map { s in
                s.value >= 0x30 && s.value <= 0x39 ? Unicode.Scalar(0x30 + (s.value - 0x30 + 1) % 10) ?? s : s
            }
            return String(scalars: shifted).replacingOccurrences(of: "£", with: "£ ", options: .literal)
        case 7: return k % 60 == 7 ? "" : first.lowercased()
        case 8:
            return refs[1 % refs.count].split(separator: " ", omittingEmptySubsequences: false).prefix(8)
                .joined(separator: " ") + " ."
        case 9: return first + " " + refs[refs.count - 1]
        case 10:
            var trimmed = Substring(first)
            while trimmed.hasSuffix(".") { trimmed = trimmed.dropLast() }
            return words[0] + " " + trimmed
        default: return first.uppercased()
        }
    }

    static func sha256(lines: [String]) -> String {
        SHA256.hex(of: Array(lines.joined(separator: "\n").utf8))
    }
}

/// RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF records), enough for the E2E files in tests.
enum CSVReader {
    static func rows(of text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field: [Unicode.Scalar] = []
        var quoted = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = scalars.next()
        func endField() { row.append(String(scalars: field)); field.removeAll(keepingCapacity: true) }
        while let s = pending {
            pending = scalars.next()
            if quoted {
                if s == "\"" {
                    if pending == "\"" { field.append("\""); pending = scalars.next() } else { quoted = false }
                } else {
                    field.append(s)
                }
                continue
            }
            switch s {
            case "\"": quoted = true
            case ",": endField()
            case "\r", "\n":
                if s == "\r", pending == "\n" { pending = scalars.next() }
                endField()
                rows.append(row)
                row = []
            default: field.append(s)
            }
        }
        if !field.isEmpty || !row.isEmpty { endField(); rows.append(row) }
        return rows
    }
}
