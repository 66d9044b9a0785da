import DataStore
import Foundation
import SeededRandom

/// The recipe `tools/make_meteor_fixtures.py` builds its METEOR inputs with, reimplemented so the
/// jar's recorded scores can be checked without committing any E2E text.
enum METEORFixtureRecipe {
    /// Lowercase, punctuation dropped, clitics split: the shape of the E2E scorer's METEOR input.
    static func cocoForm(_ text: String) -> String {
        var scalars: [Unicode.Scalar] = []
        for c in text.lowercased().unicodeScalars {
            scalars.append(".,!?;:\"()[]".unicodeScalars.contains(c) ? " " : c)
        }
        let lowered = String(String.UnicodeScalarView(scalars))
        var out: [String] = []
        for token in lowered.split(whereSeparator: { $0.isWhitespace }).map({ Array(String($0).unicodeScalars) }) {
            var parts: [[Unicode.Scalar]]
            let apostrophe: Unicode.Scalar = "'"
            if token.count > 3 && token.suffix(3) == ["n", "'", "t"] {
                parts = [Array(token.dropLast(3)), ["n", "'", "t"]]
            } else if let i = token.dropFirst().firstIndex(of: apostrophe) {
                parts = [Array(token[..<i]), Array(token[i...])]
            } else {
                parts = [token]
            }
            for part in parts where !part.isEmpty && part != [apostrophe] {
                out.append(String(String.UnicodeScalarView(part)))
            }
        }
        return out.joined(separator: " ")
    }

    /// References grouped by MR in first-seen order, in coco form.
    static func referenceGroups(csv name: String) throws -> [[String]] {
        let url = try DataLocation.testDataFile("e2e/\(name)")
        let rows = try CSVRows.parse(String(decoding: try Data(contentsOf: url), as: UTF8.self))
        var order: [String] = []
        var groups: [String: [String]] = [:]
        for row in rows.dropFirst() where row.count >= 2 {
            if groups[row[0]] == nil { order.append(row[0]) }
            groups[row[0], default: []].append(cocoForm(row[1]))
        }
        return order.map { groups[$0] ?? [] }
    }

    /// Hypotheses made from references of the same MR by eight kinds of edits, with their references.
    static func perturbedItems(csv name: String, seed: UInt64, limit: Int) throws -> [(hypothesis: String, references: [String])] {
        let groups = Array(try referenceGroups(csv: name).prefix(limit))
        var rng = SplitMix64(seed: seed)
        var items: [(String, [String])] = []
        for (k, refs) in groups.enumerated() {
            let kind = k % 8
            let r = rng.below(refs.count)
            let base = refs[r]
            let others = refs.count > 1 ? Array(refs[..<r] + refs[(r + 1)...]) : refs
            var words = base.isEmpty ? [] : base.components(separatedBy: " ")
            var itemRefs = others
            switch kind {
            case 0:
                itemRefs = refs
            case 1:
                break
            case 2:
                if words.count > 1 { words.remove(at: rng.below(words.count)) }
            case 3:
                if !words.isEmpty {
                    let cut = rng.below(words.count)
                    words = Array(words[cut...] + words[..<cut])
                }
            case 4:
                for i in words.indices where rng.below(3) == 0 && words[i].unicodeScalars.count > 3 {
                    words[i] = words[i].hasSuffix("s") ? String(words[i].dropLast()) : words[i] + "s"
                }
            case 5:
                words = groups[(k + 7) % groups.count][0].components(separatedBy: " ")
                itemRefs = refs
            case 6:
                words = Array(words.prefix(max(1, words.count / 2)))
            default:
                if k % 16 == 7 {
                    words = []
                } else if !words.isEmpty {
                    let i = rng.below(words.count)
                    words.insert(words[i], at: i)
                }
            }
            items.append((words.joined(separator: " "), itemRefs))
        }
        return items
    }
}

/// A minimal RFC 4180 reader for the E2E CSV files (quoted fields, doubled quotes, CRLF).
enum CSVRows {
    struct Malformed: Error, CustomStringConvertible {
        let row: Int
        var description: String { "CSV row \(row): unterminated quoted field" }
    }

    static func parse(_ text: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field: [Unicode.Scalar] = []
        var inQuotes = false
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var i = 0
        func endField() {
            row.append(String(String.UnicodeScalarView(field)))
            field.removeAll()
        }
        while i < scalars.count {
            let c = scalars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < scalars.count && scalars[i + 1] == "\"" {
                        field.append("\"")
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                inQuotes = true
            } else if c == "," {
                endField()
            } else if c == "\r" || c == "\n" {
                if c == "\r" && i + 1 < scalars.count && scalars[i + 1] == "\n" { i += 1 }
                endField()
                rows.append(row)
                row.removeAll()
            } else {
                field.append(c)
            }
            i += 1
        }
        if inQuotes { throw Malformed(row: rows.count + 1) }
        if !field.isEmpty || !row.isEmpty {
            endField()
            rows.append(row)
        }
        return rows
    }
}

/// The draw both sides make (Python's `next() % n`, unlike `nextInt(below:)`).
private extension SplitMix64 {
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
