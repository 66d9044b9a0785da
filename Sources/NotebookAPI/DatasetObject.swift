import DataStore
import E2E
import Foundation
import Report
import Runner
import Script

/// An E2E split, or a subset of its MRs, as cells see it.
public final class DatasetObject: ReportableObject, PersistableObject {
    /// How to get the same pairs again: enough to persist and to fingerprint the dataset.
    struct Recipe: Codable, Equatable {
        var split: String
        /// 0 keeps every MR.
        var mrs: Int
        var seed: UInt64
        /// Only MRs pairing their name with a value no training MR pairs it with; nil (older recipes) is false.
        var unseenPairs: Bool?
    }

    let recipe: Recipe
    public let split: E2ESplit

    init(recipe: Recipe, split: E2ESplit) {
        self.recipe = recipe
        self.split = split
    }

    static func load(_ recipe: Recipe, environment: NotebookEnvironment) throws -> DatasetObject {
        guard let name = E2ESplitName(rawValue: recipe.split) else {
            throw NotebookAPIError("unknown E2E split '\(recipe.split)' (splits: train, dev, test)")
        }
        var whole = try environment.split(name)
        if recipe.unseenPairs == true { whole = whole.withUnseenNamePairs(against: try environment.split(.train)) }
        let subset: E2ESubset = recipe.mrs == 0 || recipe.mrs >= whole.groups.count
            ? .all : .sampledMRs(recipe.mrs, seed: recipe.seed)
        return DatasetObject(recipe: recipe, split: whole.subset(subset))
    }

    public var typeName: String { "Dataset" }
    public var memberNames: [String] { ["name", "count", "mrCount", "referenceCount", "summary"] }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "name": return .string(split.name)
        case "count", "referenceCount": return .int(split.pairs.count)
        case "mrCount": return .int(split.groups.count)
        case "summary":
            return .dictionary(ScriptDictionary([
                (key: .string("split"), value: .string(split.name)),
                (key: .string("MRs"), value: .int(split.groups.count)),
                (key: .string("references"), value: .int(split.pairs.count)),
                (key: .string("references per MR"),
                 value: .double(split.groups.isEmpty ? 0 : Double(split.pairs.count) / Double(split.groups.count))),
            ]))
        default: return nil
        }
    }

    public var fingerprint: String {
        var key = CacheKey()
        key.add("dataset", "\(recipe.split) \(recipe.mrs) \(recipe.seed)")
        if recipe.unseenPairs == true { key.add("unseenPairs", "true") }
        key.add("data", DataManifest.fingerprint)
        return key.digest
    }

    public var summary: String { "Dataset \(split.name): \(split.groups.count) MRs, \(split.pairs.count) references" }

    public var reportOutputs: [CellOutput] { [.text(summary)] }

    public func resultEntries(key: String) -> [ResultEntry] {
        [ResultEntry(key: "\(key).mrs", kind: .count, number: Double(split.groups.count)),
         ResultEntry(key: "\(key).references", kind: .count, number: Double(split.pairs.count))]
    }

    public func persist(to directory: URL) throws {
        try JSONEncoder().encode(recipe).write(to: directory.appendingPathComponent("dataset.json"))
    }

    static func restorer(_ environment: NotebookEnvironment) -> ObjectRestorer {
        { directory in
            let recipe = try JSONDecoder().decode(Recipe.self, from: Data(contentsOf: directory.appendingPathComponent("dataset.json")))
            return try DatasetObject.load(recipe, environment: environment)
        }
    }

    /// `e2e(split:mrs:seed:)`.
    static func builtin(_ environment: NotebookEnvironment) -> Builtin {
        Builtin("e2e",
                parameters: [Parameter("split", .string), Parameter("mrs", .int, default: .int(0)),
                             Parameter("seed", .int, default: .int(110)), Parameter("unseenPairs", .bool, default: .bool(false))],
                summary: "Loads an E2E split (train, dev, test); mrs > 0 keeps that many MRs drawn with the seed; unseenPairs: true first keeps only MRs that pair their name with a value no training MR pairs it with.") { arguments, _ in
            let mrs = try arguments.int("mrs")
            guard mrs >= 0 else { throw NotebookAPIError("e2e(mrs:) must be 0 (all) or positive, got \(mrs)") }
            let recipe = Recipe(split: try arguments.string("split"), mrs: mrs, seed: UInt64(truncatingIfNeeded: try arguments.int("seed")),
                                unseenPairs: try arguments.bool("unseenPairs") ? true : nil)
            return .object(try DatasetObject.load(recipe, environment: environment))
        }
    }
}
