import DataStore
import Foundation
import Testing
@testable import Metrics

/// The data is loaded once for every METEOR test. The parsed paraphrase table is kept in
/// `.lorabook-cache/meteor/` (git-ignored), so only the first run parses the 272 MB gzip text.
enum SharedMETEOR {
    static let loaded: Result<METEOR, any Error> = Result {
        let data = try DataLocation.testDataFile("meteor/paraphrase-en.gz").deletingLastPathComponent()
        let index = METEOR.defaultParaphraseIndex(packageRoot: DataLocation.packageRoot(containing: #filePath))
        return try METEOR(dataDirectory: data, paraphraseIndex: index)
    }

    static func get() throws -> METEOR { try loaded.get() }
}

/// The jar's recorded numbers (`tools/make_meteor_fixtures.py`).
struct JarScores: Decodable {
    struct PerturbedSet: Decodable {
        let csv: String
        let seed: UInt64
        let limit: Int
        let items: Int
        let corpusScore: Double
        let segmentScores: [Double]
        let vocabularySize: Int
        let stemDigest: String
    }

    struct Item: Decodable {
        let hypothesis: String
        let references: [String]
    }

    struct Handwritten: Decodable {
        let items: [Item]
        let corpusScore: Double
        let segmentScores: [Double]
    }

    struct Normalized: Decodable {
        let line: String
        let normalized: String
    }

    let sets: [String: PerturbedSet]
    let handwritten: Handwritten
    let stems: [String: String]
    let normalized: [Normalized]

    static func load() throws -> JarScores {
        let url = try #require(Bundle.module.url(forResource: "jar_scores", withExtension: "json", subdirectory: "Fixtures/meteor"))
        return try JSONDecoder().decode(JarScores.self, from: Data(contentsOf: url))
    }
}

@Suite("METEOR matches the METEOR 1.5 jar")
struct METEORParityTests {
    @Test("corpus and segment scores of the perturbed E2E reference sets agree with the jar", arguments: ["test", "dev"])
    func perturbedSetMatchesJar(name: String) throws {
        let jar = try JarScores.load()
        let set = try #require(jar.sets[name])
        let items = try METEORFixtureRecipe.perturbedItems(csv: set.csv, seed: set.seed, limit: set.limit)
        #expect(items.count == set.items)
        let meteor = try SharedMETEOR.get()
        let hypotheses = items.map(\.hypothesis)
        let references = items.map(\.references)
        let corpus = try meteor.corpusScore(hypotheses: hypotheses, references: references)
        #expect(abs(corpus - set.corpusScore) <= 5e-4, "corpus \(corpus) vs jar \(set.corpusScore)")
        let segments = try meteor.segmentScores(hypotheses: Array(hypotheses.prefix(set.segmentScores.count)),
                                                references: Array(references.prefix(set.segmentScores.count)))
        for (index, (ours, theirs)) in zip(segments, set.segmentScores).enumerated() {
            #expect(abs(ours - theirs) <= 1e-9, "segment \(index): \(ours) vs jar \(theirs)")
        }
    }

    /// Segments are scored in parts at once, each part with its own analyser: the split must not show.
    @Test("each segment's statistics are the ones it gets scored alone")
    func splitDoesNotChangeStatistics() throws {
        let jar = try JarScores.load()
        let set = try #require(jar.sets["test"])
        let items = try METEORFixtureRecipe.perturbedItems(csv: set.csv, seed: set.seed, limit: set.limit).prefix(60)
        let meteor = try SharedMETEOR.get()
        let together = try meteor.segmentStatistics(hypotheses: items.map(\.hypothesis), references: items.map(\.references))
        #expect(together.count == items.count)
        for (index, item) in items.enumerated() {
            let alone = try meteor.segmentStatistics(hypotheses: [item.hypothesis], references: [item.references])
            #expect(together[index] == alone[0], "segment \(index)")
        }
    }

    @Test("the first item without references is the one named, whichever part finds it")
    func firstMissingReferenceIsNamed() throws {
        let meteor = try SharedMETEOR.get()
        var references = Array(repeating: ["the cat sat"], count: 40)
        references[33] = []
        references[12] = []
        #expect(throws: METEORError.noReferences(item: 12)) {
            try meteor.segmentStatistics(hypotheses: Array(repeating: "a cat sat", count: 40), references: references)
        }
    }

    @Test("hand-written pairs for each matcher and the normaliser score as the jar scores them")
    func handwrittenPairsMatchJar() throws {
        let jar = try JarScores.load()
        let meteor = try SharedMETEOR.get()
        let hypotheses = jar.handwritten.items.map(\.hypothesis)
        let references = jar.handwritten.items.map(\.references)
        let segments = try meteor.segmentScores(hypotheses: hypotheses, references: references)
        for (index, (ours, theirs)) in zip(segments, jar.handwritten.segmentScores).enumerated() {
            #expect(abs(ours - theirs) <= 1e-9, "pair \(index) '\(hypotheses[index])': \(ours) vs jar \(theirs)")
        }
        let corpus = try meteor.corpusScore(hypotheses: hypotheses, references: references)
        #expect(abs(corpus - jar.handwritten.corpusScore) <= 1e-9)
    }
}
