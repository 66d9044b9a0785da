import Foundation
import Runner
import Testing
@testable import lorabook

/// How `mpirun -np N lorabook sweep` hands out whole points and brings their outcomes back to rank 0
/// (the runs themselves: tests/mpi/check.sh).
@Suite struct SweepRanksTests {
    @Test func pointsGoWholeAndRoundRobinOnlyWhenTheyAreAtLeastAsManyAsTheRanks() {
        #expect(SweepRanks.share(points: 3, rank: 0, ranks: 2) == [0, 2])
        #expect(SweepRanks.share(points: 3, rank: 1, ranks: 2) == [1])
        #expect(SweepRanks.share(points: 2, rank: 1, ranks: 2) == [1])
        // Fewer points than ranks: every rank runs every point, data-parallel.
        #expect(SweepRanks.share(points: 2, rank: 2, ranks: 3) == [0, 1])
        #expect(!SweepRanks.spreads(points: 2, ranks: 3) && SweepRanks.spreads(points: 3, ranks: 3))
        // One process runs every point itself.
        #expect(SweepRanks.share(points: 4, rank: 0, ranks: 1) == [0, 1, 2, 3] && !SweepRanks.spreads(points: 4, ranks: 1))
        for ranks in 1...5 {
            for points in 0...11 {
                let all = (0..<ranks).flatMap { SweepRanks.share(points: points, rank: $0, ranks: ranks) }
                if SweepRanks.spreads(points: points, ranks: ranks) {
                    #expect(all.sorted() == Array(0..<points), "\(points) points over \(ranks) ranks")
                } else {
                    #expect(all == Array(repeating: Array(0..<points), count: ranks).flatMap { $0 })
                }
            }
        }
    }

    static func outcome(_ index: Int, loss: Double) -> SweepRanks.Outcome {
        let results = ResultsFile(notebook: "nb.md", entries: [ResultEntry(key: "loss", kind: .loss, number: loss),
                                                               ResultEntry(key: "text", kind: .text, text: "é\n\"x\"")])
        return .init(index: index, results: results, state: "ran on rank \(index % 2) of 2", href: "nb.sweep/p\(index).html",
                     failed: false)
    }

    @Test func outcomesComeBackInPointOrderWithTheirNumbersBitForBit() throws {
        let losses = [0.1 + 0.2, 5.909456860902949, .nan, -.infinity, 1e-310, Double.ulpOfOne]
        let outcomes = losses.indices.map { Self.outcome($0, loss: losses[$0]) }
        var failed = Self.outcome(6, loss: 1)
        failed.results = nil
        failed.failed = true
        // Rank 0 ran points 0, 2, 4, 6; rank 1 points 1, 3, 5.
        let blobs = [[outcomes[0], outcomes[2], outcomes[4], failed], [outcomes[1], outcomes[3], outcomes[5]]]
            .map(SweepRanks.encode)
        let received = try SweepRanks.decode(blobs, points: 7)
        #expect(received.map(\.index) == Array(0..<7))
        #expect(received[6] == failed)
        for (index, loss) in losses.enumerated() {
            let number = try #require(received[index].results?.entries.first?.number)
            #expect(number.bitPattern == loss.bitPattern || (number.isNaN && loss.isNaN))
            #expect(received[index].state == outcomes[index].state && received[index].results?.entries[1].text == "é\n\"x\"")
        }
    }

    @Test func aMissingOrRepeatedPointOrAnUnreadableBlobIsOneError() {
        let gap = [[Self.outcome(0, loss: 1)], [Self.outcome(2, loss: 1)]].map(SweepRanks.encode)
        let missing = #expect(throws: CommandFailure.self) { try SweepRanks.decode(gap, points: 3) }
        #expect(missing?.description == "sweep: error: rank 0 received 2 outcomes for 3 points (none for point 2)")
        let twice = [[Self.outcome(0, loss: 1)], [Self.outcome(0, loss: 1)]].map(SweepRanks.encode)
        let repeated = #expect(throws: CommandFailure.self) { try SweepRanks.decode(twice, points: 1) }
        #expect(repeated?.description == "sweep: error: rank 0 received 2 outcomes for 1 points (a point came twice)")
        let unreadable = #expect(throws: CommandFailure.self) {
            try SweepRanks.decode([SweepRanks.encode([Self.outcome(0, loss: 1)]), []], points: 1)
        }
        #expect(unreadable?.description == "sweep: error: the outcomes sent by rank 1 cannot be read")
    }
}
