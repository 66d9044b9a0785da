import E2E
import Testing
import SeededRandom

@Suite struct BatchingTests {
    let short = EncodedExample(context: [10, 11, 50256], completion: [20, 21, 50256])
    let long = EncodedExample(context: [30, 50256], completion: [40, 41, 42, 43, 50256])

    @Test func targetsAreTheNextTokenAndTheMaskCoversOnlyCompletionTargets() {
        let batch = TokenBatch(examples: [short, long], maxPositions: 16)
        #expect(batch.batchSize == 2)
        #expect(batch.sequenceLength == 6)
        #expect(batch.lengths == [5, 6])
        #expect(Array(batch.inputs[0..<6]) == [10, 11, 50256, 20, 21, 0])
        #expect(Array(batch.targets[0..<6]) == [11, 50256, 20, 21, 50256, 0])
        #expect(Array(batch.lossMask[0..<6]) == [0, 0, 1, 1, 1, 0])
        #expect(Array(batch.inputs[6..<12]) == [30, 50256, 40, 41, 42, 43])
        #expect(Array(batch.targets[6..<12]) == [50256, 40, 41, 42, 43, 50256])
        #expect(Array(batch.lossMask[6..<12]) == [0, 1, 1, 1, 1, 1])
        #expect(batch.lossTokenCount == 3 + 5)
    }

    @Test func longSequencesAreCutToTheMaximumAndShortOnesPaddedWhenAsked() {
        let cut = TokenBatch(examples: [long], maxPositions: 3)
        #expect(cut.sequenceLength == 3)
        #expect(cut.inputs == [30, 50256, 40])
        #expect(cut.targets == [50256, 40, 41])
        #expect(cut.lossMask == [0, 1, 1])
        let padded = TokenBatch(examples: [short], maxPositions: 16, paddedLength: 8)
        #expect(padded.sequenceLength == 8)
        #expect(Array(padded.targets[5...]) == [0, 0, 0])
        #expect(Array(padded.lossMask[5...]) == [0, 0, 0])
    }

    @Test func bucketedPlansUseEveryExampleOnceAndRepeatForASeed() {
        let lengths = (0..<203).map { ($0 * 37) % 61 + 1 }
        var first = SplitMix64(seed: 1), again = SplitMix64(seed: 1), other = SplitMix64(seed: 2)
        let plan = BatchPlan.bucketed(lengths: lengths, batchSize: 8, chunkBatches: 4, using: &first)
        #expect(plan.batches.flatMap { $0 }.sorted() == Array(0..<203))
        #expect(plan.batches.filter { $0.count < 8 }.count == 1)
        #expect(plan == BatchPlan.bucketed(lengths: lengths, batchSize: 8, chunkBatches: 4, using: &again))
        #expect(plan != BatchPlan.bucketed(lengths: lengths, batchSize: 8, chunkBatches: 4, using: &other))
        var dropping = SplitMix64(seed: 1)
        let full = BatchPlan.bucketed(lengths: lengths, batchSize: 8, chunkBatches: 4, dropPartial: true,
                                      using: &dropping)
        #expect(full.batches.allSatisfy { $0.count == 8 })
    }

    @Test func bucketingLeavesLessPaddingThanARandomOrder() {
        var generator = SplitMix64(seed: 3)
        let lengths = (0..<512).map { _ in 5 + generator.nextInt(below: 60) }
        func padding(_ batches: [[Int]]) -> Int {
            batches.reduce(0) { total, batch in
                let longest = batch.map { lengths[$0] }.max() ?? 0
                return total + batch.reduce(0) { $0 + longest - lengths[$1] }
            }
        }
        let bucketed = BatchPlan.bucketed(lengths: lengths, batchSize: 8, chunkBatches: 16, using: &generator)
        let random = Array(0..<512).shuffled(seededBy: &generator)
        let randomBatches = stride(from: 0, to: 512, by: 8).map { Array(random[$0..<($0 + 8)]) }
        #expect(padding(bucketed.batches) * 4 < padding(randomBatches))
    }

    @Test func sequentialPlansKeepFileOrder() {
        #expect(BatchPlan.sequential(count: 7, batchSize: 3).batches == [[0, 1, 2], [3, 4, 5], [6]])
    }

    @Test func languageModelWindowsShiftTargetsByOneAndCountEveryPosition() {
        let windows = LanguageModelWindows(tokens: Array(0..<11), sequenceLength: 4)
        #expect(windows.count == 2)
        let batch = windows.batch(windows: [1, 0])
        #expect(batch.inputs == [4, 5, 6, 7, 0, 1, 2, 3])
        #expect(batch.targets == [5, 6, 7, 8, 1, 2, 3, 4])
        #expect(batch.lossMask == [Float](repeating: 1, count: 8))
        #expect(batch.lengths == [4, 4])
        var generator = SplitMix64(seed: 9)
        let plan = windows.shuffledPlan(batchSize: 3, using: &generator)
        #expect(plan.batches.flatMap { $0 }.sorted() == [0, 1])
        #expect(LanguageModelWindows(tokens: [1, 2, 3], sequenceLength: 4).count == 0)
    }
}
