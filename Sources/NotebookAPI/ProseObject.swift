import DataStore
import Foundation
import Report
import Runner
import Script

/// Prose a cell writes from computed values, such as conclusions that quote the run's numbers.
public final class ProseObject: ReportableObject, PersistableObject {
    let text: String

    init(text: String) {
        self.text = text
    }

    public var typeName: String { "Prose" }
    public var memberNames: [String] { ["text"] }
    public func member(_ name: String) throws -> Value? { name == "text" ? .string(text) : nil }
    public var fingerprint: String { SHA256.hex(of: Array(text.utf8)) }
    public var summary: String { text }
    public var reportOutputs: [CellOutput] { [.prose(text)] }

    public func persist(to directory: URL) throws {
        try Data(text.utf8).write(to: directory.appendingPathComponent("prose.md"))
    }

    public static let restorer: ObjectRestorer = { directory in
        ProseObject(text: String(decoding: try Data(contentsOf: directory.appendingPathComponent("prose.md")), as: UTF8.self))
    }

    /// `markdown(_ text:)`.
    static let builtin = Builtin(
        "markdown", parameters: [.unlabeled("text", .string)],
        summary: "Displays text as prose under the cell; **strong**, *emphasis* and `code` are honoured, the rest is escaped.",
        returnsValue: false
    ) { arguments, context in
        context.display(.object(ProseObject(text: try arguments.string("text"))))
        return .null
    }
}
