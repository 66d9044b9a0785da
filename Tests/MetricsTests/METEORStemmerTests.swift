import DataStore
import Foundation
import Testing
@testable import Metrics

@Suite("EnglishStemmer reproduces the Snowball English stemmer in the METEOR jar")
struct METEORStemmerTests {
    @Test("hand-picked words covering every step and exception stem as the jar stems them")
    func handPickedWordsMatchJar() throws {
        let jar = try JarScores.load()
        let stemmer = EnglishStemmer()
        #expect(jar.stems.count > 100)
        for (word, stem) in jar.stems.sorted(by: { $0.key < $1.key }) {
            #expect(stemmer.stem(word) == stem, "\(word)")
        }
    }

    @Test("the whole vocabulary of each fixture set stems to the jar's digest", arguments: ["test", "dev"])
    func fixtureVocabularyMatchesJarDigest(name: String) throws {
        let jar = try JarScores.load()
        let set = try #require(jar.sets[name])
        let items = try METEORFixtureRecipe.perturbedItems(csv: set.csv, seed: set.seed, limit: set.limit)
        var words = Set<String>()
        for item in items {
            for text in [item.hypothesis] + item.references {
                for word in text.split(separator: " ") { words.insert(String(word)) }
            }
        }
        let sorted = words.sorted { Array($0.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.unicodeScalars.map(\.value)) }
        #expect(sorted.count == set.vocabularySize)
        let stemmer = EnglishStemmer()
        var listing: [UInt8] = []
        for word in sorted { listing.append(contentsOf: "\(word)\t\(stemmer.stem(word))\n".utf8) }
        #expect(DataStore.SHA256.hex(of: listing) == set.stemDigest)
    }

    @Test("words shorter than three letters are returned unchanged")
    func shortWordsUnchanged() {
        let stemmer = EnglishStemmer()
        #expect(stemmer.stem("is") == "is")
        #expect(stemmer.stem("a") == "a")
        #expect(stemmer.stem("") == "")
    }
}
