import SeededRandom
import Testing

@Suite struct SplitMix64Tests {
    @Test func firstOutputsMatchTheReferenceSequenceForSeedZero() {
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(generator.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func boundedDrawsStayInRangeAndCoverIt() {
        var generator = SplitMix64(seed: 7)
        var seen = Set<Int>()
        for _ in 0..<1000 {
            let value = generator.nextInt(below: 10)
            #expect((0..<10).contains(value))
            seen.insert(value)
        }
        #expect(seen.count == 10)
    }

    @Test func sameSeedGivesTheSameShuffleAndADifferentSeedDoesNot() {
        var first = SplitMix64(seed: 42), second = SplitMix64(seed: 42), third = SplitMix64(seed: 43)
        let items = Array(0..<100)
        let a = items.shuffled(seededBy: &first)
        #expect(a == items.shuffled(seededBy: &second))
        #expect(a != items.shuffled(seededBy: &third))
        #expect(a.sorted() == items)
        #expect(a != items)
    }
}
