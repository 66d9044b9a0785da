@testable import E2E
import Testing

@Suite struct SlotCopyingTests {
    let mr = try! MeaningRepresentation(parsing: "name[The Cricketers], eatType[pub], food[Café food], near[Raja Indian Cuisine], customer rating[5 out of 5]")

    @Test func aValueCountsWhenItsWordsAppearTogetherInAnySpacingOrCase() {
        let outputs = ["the cricketers is a PUB near Raja Indian Cuisine serving café - food .",
                       "The Cricketers is a pub near Raja Indian Cuisine .",
                       "Cricketers is a public house near Raja Indian ."]
        let counts = SlotCopying.counts(outputs: outputs, mrs: Array(repeating: mr, count: 3))
        #expect(counts.map(\.slot) == [.name, .eatType, .food, .area, .near])
        #expect(counts.map(\.present) == [3, 3, 3, 0, 3])
        // "pub" inside "public" is not the value; "Raja Indian" without "Cuisine" is not it either.
        #expect(counts.map(\.copied) == [2, 2, 1, 0, 2])
        #expect(SlotCopying.complete(outputs: outputs, mrs: Array(repeating: mr, count: 3)) == 1)
    }
}
