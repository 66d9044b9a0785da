import DataStore
import Foundation
import Report
import Runner
import Script

/// The run at a glance, made by `summary(...)`: the page shows it in a box under the title. The notebook computes
/// every part of it from the run (the verdict from the numbers, the facts from the model and the clock).
public final class SummaryObject: ReportableObject, PersistableObject {
    struct Description: Codable {
        var title: String
        var verdict: String
        var facts: [[String]]
        var table: TableObject.Description?
    }

    let description: Description

    init(description: Description) {
        self.description = description
    }

    public var typeName: String { "Summary" }
    public var memberNames: [String] { ["verdict"] }
    public func member(_ name: String) throws -> Value? { name == "verdict" ? .string(description.verdict) : nil }

    public var fingerprint: String {
        (try? JSONEncoder().encode(description)).map { SHA256.hex(of: [UInt8]($0)) } ?? description.verdict
    }

    public var summary: String { "Summary: \(description.verdict)" }

    public var reportOutputs: [CellOutput] {
        [.summary(ReportSummary(title: description.title, verdict: description.verdict,
                                facts: description.facts.map { SummaryFact(label: $0[0], value: $0[1]) },
                                table: description.table.map { TableObject(description: $0).table }))]
    }

    public func persist(to directory: URL) throws {
        try JSONEncoder().encode(description).write(to: directory.appendingPathComponent("summary.json"))
    }

    public static let restorer: ObjectRestorer = { directory in
        SummaryObject(description: try JSONDecoder().decode(
            Description.self, from: Data(contentsOf: directory.appendingPathComponent("summary.json"))))
    }

    /// A fact's value as the page writes it: counts grouped by thousands, other numbers to four significant digits.
    static func factText(_ value: Value) -> String {
        switch value {
        case .string(let text): return text
        case .int(let count): return NumberFormat.count(count)
        case .double(let number): return NumberFormat.significant(number)
        default: return value.description
        }
    }

    /// `summary(verdict:facts:table:title:)`.
    static let builtin = Builtin(
        "summary",
        parameters: [Parameter("verdict", .string), Parameter("facts", .array(.any), default: .array([])),
                     Parameter("table", .optional(.object("Table")), default: .null),
                     Parameter("title", .string, default: .string("At a glance"))],
        summary: "Shows the run at a glance in a box at the top of the page: a verdict line, [label, value] facts "
            + "and a table of headline numbers.",
        returnsValue: false
    ) { arguments, context in
        let facts = try arguments.array("facts").enumerated().map { index, fact -> [String] in
            guard case .array(let pair) = fact, pair.count == 2, case .string(let label) = pair[0] else {
                throw NotebookAPIError("summary(facts:) item \(index + 1) must be a [label, value] pair with a String label")
            }
            return [label, factText(pair[1])]
        }
        let table = try arguments.isNil("table") ? nil : try arguments.object("table", as: TableObject.self).description
        let description = Description(title: try arguments.string("title"), verdict: try arguments.string("verdict"),
                                      facts: facts, table: table)
        context.display(.object(SummaryObject(description: description)))
        return .null
    }
}
