import Testing
@testable import Report

@Suite("Nice ticks")
struct NiceTicksTests {
    @Test func stepsAreOneTwoOrFiveTimesAPowerOfTen() {
        #expect(NiceTicks.niceStep(for: 3) == 5)
        #expect(NiceTicks.niceStep(for: 0.7) == 1)
        #expect(NiceTicks.niceStep(for: 1.5) == 2)
        #expect(NiceTicks.niceStep(for: 0.003) == 0.005)
        #expect(NiceTicks.niceStep(for: 120) == 200)
        #expect(NiceTicks.niceStep(for: 1000) == 1000)
    }

    @Test func unitRangeGetsFifthsWithoutBinaryNoise() {
        let ticks = NiceTicks(lower: 0, upper: 1, count: 6)
        #expect(ticks.step == 0.2)
        #expect(ticks.values == [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        #expect(ticks.values.map(ticks.label(for:)) == ["0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    }

    @Test func boundsWidenToWholeStepsAroundTheData() {
        let ticks = NiceTicks(lower: 0.13, upper: 9.7, count: 5)
        #expect(ticks.step == 5)
        #expect(ticks.lower == 0 && ticks.upper == 10)
        #expect(ticks.values == [0, 5, 10])
        let losses = NiceTicks(lower: 1.38, upper: 4.61, count: 6)
        #expect(losses.values == [1, 2, 3, 4, 5])
    }

    @Test func degenerateRangesStillGiveTwoOrMoreTicks() {
        let flat = NiceTicks(lower: 3, upper: 3, count: 5)
        #expect(flat.values.count >= 2)
        #expect(flat.lower < 3 && flat.upper > 3)
        let zero = NiceTicks(lower: 0, upper: 0)
        #expect(zero.values.first == -1 && zero.values.last == 1)
        let infinite = NiceTicks(lower: -.infinity, upper: .nan)
        #expect(infinite.lower == 0 && infinite.upper == 1)
        #expect(infinite.values.allSatisfy { $0.isFinite })
        #expect(NiceTicks(lower: 10, upper: 0).values == NiceTicks(lower: 0, upper: 10).values)
    }

    @Test func negativeRangesTickThroughZero() {
        #expect(NiceTicks(lower: -0.35, upper: 0.12, count: 5).values == [-0.4, -0.2, 0, 0.2])
    }

    @Test func logarithmicTicksUseDecadesAndTwoFiveWhenNarrow() {
        #expect(NiceTicks.logarithmic(lower: 1.5, upper: 9).values == [1, 2, 5, 10])
        let wide = NiceTicks.logarithmic(lower: 0.05, upper: 800)
        #expect(wide.values == [0.01, 0.1, 1, 10, 100, 1000])
        #expect(wide.values.map(wide.label(for:)) == ["0.01", "0.1", "1", "10", "100", "1000"])
    }

    @Test func labelsUseExponentsForExtremeMagnitudes() {
        let small = NiceTicks(lower: 0, upper: 0.00004, count: 5)
        #expect(small.label(for: 0.00002) == "2e-5")
        let large = NiceTicks(lower: 0, upper: 5_000_000, count: 5)
        #expect(large.label(for: 2_500_000) == "2.5e6")
        #expect(large.label(for: 0) == "0")
    }
}
