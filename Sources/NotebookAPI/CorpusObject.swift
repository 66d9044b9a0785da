import DataStore
import E2E
import Foundation
import Report
import Runner
import Script
import SeededRandom

/// A pretraining token stream: the references of a dataset arranged as restaurant documents.
public final class CorpusObject: ReportableObject, PersistableObject {
    struct Recipe: Codable {
        var dataset: DatasetObject.Recipe
        var seed: UInt64
        /// Names drawn anew per document (`NameShuffle`); nil (as in recipes written before it existed) is false.
        var shuffleNames: Bool?
    }

    let recipe: Recipe
    public let tokens: [Int32]

    init(recipe: Recipe, tokens: [Int32]) {
        self.recipe = recipe
        self.tokens = tokens
    }

    static func build(_ recipe: Recipe, environment: NotebookEnvironment) throws -> CorpusObject {
        let dataset = try DatasetObject.load(recipe.dataset, environment: environment)
        var generator = SplitMix64(seed: recipe.seed)
        let groups = dataset.split.groups
        let shuffle = recipe.shuffleNames == true ? NameShuffle(groups: groups, seed: recipe.seed) : nil
        let tokens = RestaurantDocuments.tokenStream(groups: groups, tokenizer: try environment.tokenizer(),
                                                     using: &generator, shuffledNames: shuffle)
        return CorpusObject(recipe: recipe, tokens: tokens)
    }

    public var typeName: String { "Corpus" }
    public var memberNames: [String] { ["tokenCount", "documentCount"] }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "tokenCount": return .int(tokens.count)
        default: return nil
        }
    }

    public var fingerprint: String {
        var key = CacheKey()
        key.add("corpus", "\(recipe.dataset.split) \(recipe.dataset.mrs) \(recipe.dataset.seed) \(recipe.seed)")
        if recipe.shuffleNames == true { key.add("shuffleNames", "true") }
        key.add("data", DataManifest.fingerprint)
        return key.digest
    }

    public var summary: String { "Restaurant documents: \(tokens.count.formatted()) tokens" }
    public var reportOutputs: [CellOutput] { [.text(summary)] }

    public func resultEntries(key: String) -> [ResultEntry] {
        [ResultEntry(key: "\(key).tokens", kind: .count, number: Double(tokens.count))]
    }

    public func persist(to directory: URL) throws {
        try JSONEncoder().encode(recipe).write(to: directory.appendingPathComponent("corpus.json"))
    }

    static func restorer(_ environment: NotebookEnvironment) -> ObjectRestorer {
        { directory in
            let recipe = try JSONDecoder().decode(Recipe.self, from: Data(contentsOf: directory.appendingPathComponent("corpus.json")))
            return try CorpusObject.build(recipe, environment: environment)
        }
    }

    /// `restaurantDocuments(_ dataset:, seed:, shuffleNames:)`.
    static func builtin(_ environment: NotebookEnvironment) -> Builtin {
        Builtin("restaurantDocuments",
                parameters: [.unlabeled("dataset", .object("Dataset")), Parameter("seed", .int, default: .int(110)),
                             Parameter("shuffleNames", .bool, default: .bool(false))],
                summary: "Pretraining text: per MR, its references shuffled and joined as one document (no MR text); shuffleNames: true gives each document a restaurant and landmark name drawn at random.") { arguments, _ in
            let dataset = try arguments.object("dataset", as: DatasetObject.self)
            let shuffle = try arguments.bool("shuffleNames")
            let recipe = Recipe(dataset: dataset.recipe, seed: UInt64(truncatingIfNeeded: try arguments.int("seed")),
                                shuffleNames: shuffle ? true : nil)
            return .object(try CorpusObject.build(recipe, environment: environment))
        }
    }
}
