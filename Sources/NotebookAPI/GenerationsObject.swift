import DataStore
import E2E
import Foundation
import GPT2
import Report
import Runner
import Script
import Tokenizer
import GPT2TokenIDs

/// One generated text per MR of a dataset (first-seen order), with what decoding cost.
public final class GenerationsObject: ReportableObject, PersistableObject {
    struct Stored: Codable {
        var fingerprint: String
        var mrs: [String]
        var outputs: [String]
        /// Tokens generated, summed over the ranks under mpirun.
        var newTokens: Int
        /// Wall time of the decoding; under mpirun, the slowest rank's (the ranks decode at the same time).
        var seconds: Double
    }

    let stored: Stored

    init(stored: Stored) {
        self.stored = stored
    }

    public var outputs: [String] { stored.outputs }
    /// New tokens per second of wall time: under mpirun, the rate of all ranks together.
    var tokensPerSecond: Double { stored.seconds > 0 ? Double(stored.newTokens) / stored.seconds : 0 }

    public var typeName: String { "Generations" }
    public var memberNames: [String] { ["outputs", "count", "tokensPerSecond", "seconds"] }
    public var methodNames: [String] { ["agreement"] }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "outputs": return .array(stored.outputs.map(Value.string))
        case "count": return .int(stored.outputs.count)
        case "tokensPerSecond": return .double(tokensPerSecond)
        case "seconds": return .double(stored.seconds)
        default: return nil
        }
    }

    public func method(_ name: String) -> Builtin? {
        guard name == "agreement" else { return nil }
        return Builtin("agreement", parameters: [Parameter("with", .object("Generations"))],
                       summary: "The fraction of MRs for which both generated the same text.") { [self] arguments, _ in
            let other = try arguments.object("with", as: GenerationsObject.self)
            guard other.outputs.count == outputs.count, !outputs.isEmpty else {
                throw NotebookAPIError("agreement(with:) needs generations for the same MRs")
            }
            return .double(Double(zip(outputs, other.outputs).filter { $0 == $1 }.count) / Double(outputs.count))
        }
    }

    public var fingerprint: String { stored.fingerprint }
    public var summary: String {
        String(format: "%d generations, %.1f new tokens/s", stored.outputs.count, tokensPerSecond)
    }

    public var reportOutputs: [CellOutput] {
        [.samples(zip(stored.mrs, stored.outputs).prefix(3).map { Sample(label: $0, text: $1) }), .text(summary)]
    }

    public func resultEntries(key: String) -> [ResultEntry] {
        [ResultEntry(key: "\(key).digest", kind: .text, text: SHA256.hex(of: Array(stored.outputs.joined(separator: "\n").utf8))),
         ResultEntry(key: "\(key).tokensPerSecond", kind: .timing, number: tokensPerSecond)]
    }

    public func persist(to directory: URL) throws {
        try JSONEncoder().encode(stored).write(to: directory.appendingPathComponent("generations.json"))
    }

    static let restorer: ObjectRestorer = { directory in
        GenerationsObject(stored: try JSONDecoder().decode(
            Stored.self, from: Data(contentsOf: directory.appendingPathComponent("generations.json"))))
    }
}
