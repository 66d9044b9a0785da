import Testing
@testable import GPT2

@Suite struct VocabularyMapTests {
    @Test func compactIDsAreTheSortedDistinctIDs() throws {
        let map = try VocabularyMap(tokenIDs: [9, 3, 12, 3, 0], originalVocabSize: 16)
        #expect(map.originalIDs == [0, 3, 9, 12])
        #expect(try map.compact([12, 0, 9]) == [3, 0, 2])
        #expect(map.originalID(1) == 3)
        #expect(throws: GPT2Error.invalidBatch(reason: "token id 5 at index 1 is not in the vocabulary map")) {
            try map.compact([3, 5])
        }
        #expect(throws: GPT2Error.invalidConfig(reason: "vocabulary map: token id 16 is outside 0..<16")) {
            try VocabularyMap(tokenIDs: [1, 16], originalVocabSize: 16)
        }
    }

    @Test func restrictedModelKeepsTheLogitsOfMappedIDs() throws {
        let model = try TinyModels.model()
        let batch = try TinyModels.batch()
        let map = try VocabularyMap(tokenIDs: batch.inputs + batch.targets + [15], originalVocabSize: 16)
        #expect(map.count < 16)
        let compact = try model.restricted(to: map)
        #expect(compact.config.vocabSize == map.count)
        let compactBatch = try Batch(inputs: map.compact(batch.inputs), targets: map.compact(batch.targets),
                                     lossMask: batch.lossMask, batchSize: 2, sequenceLength: 5)
        let full = try model.logits(batch), small = try compact.logits(compactBatch)
        for row in 0..<10 {
            for (index, id) in map.originalIDs.enumerated() {
                #expect(abs(small[row * map.count + index] - full[row * 16 + Int(id)]) < 1e-5)
            }
        }
    }

    @Test func trainedCompactModelExpandsBackOverTheBase() throws {
        let model = try TinyModels.model()
        let batch = try TinyModels.batch()
        let map = try VocabularyMap(tokenIDs: batch.inputs + batch.targets, originalVocabSize: 16)
        #expect(try model.restricted(to: map).expanded(from: map, base: model).parameters == model.parameters)
        let compactBatch = try Batch(inputs: map.compact(batch.inputs), targets: map.compact(batch.targets),
                                     lossMask: batch.lossMask, batchSize: 2, sequenceLength: 5)
        var trainer = try Trainer(model: try model.restricted(to: map), method: .full, schedule: .constant(1e-2), seed: 1)
        _ = try trainer.step(batches: [compactBatch])
        let expanded = try trainer.model.expanded(from: map, base: model)
        let wte = try #require(expanded.namedParameters()["transformer.wte.weight"]?.values)
        let original = try #require(model.namedParameters()["transformer.wte.weight"]?.values)
        let unmapped = (0..<16).filter { map.compactID(Int32($0)) == nil }
        #expect(!unmapped.isEmpty)
        for id in unmapped { #expect(Array(wte[(id * 8)..<(id * 8 + 8)]) == Array(original[(id * 8)..<(id * 8 + 8)])) }
        let mapped = Int(map.originalIDs[0])
        #expect(Array(wte[(mapped * 8)..<(mapped * 8 + 8)]) != Array(original[(mapped * 8)..<(mapped * 8 + 8)]))
    }
}
