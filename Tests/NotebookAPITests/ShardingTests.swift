import Foundation
@testable import NotebookAPI
import Testing

@Suite struct ShardingTests {
    @Test func sharesAreContiguousInRankOrderAndDifferByAtMostOne() {
        for ranks in 1...4 {
            for count in 0...9 {
                let shares = (0..<ranks).map { Sharding(rank: $0, ranks: ranks) { [$0] }.share(of: count) }
                #expect(shares.flatMap { Array($0) } == Array(0..<count), "\(count) items on \(ranks) ranks")
                let sizes = shares.map(\.count)
                #expect(sizes.max()! - sizes.min()! <= 1, "\(count) items on \(ranks) ranks: \(sizes)")
            }
        }
    }

    @Test func batchSharesHoldWholeBatchesOfOneProcess() {
        func shares(_ count: Int, batch: Int, ranks: Int) -> [Range<Int>] {
            (0..<ranks).map { Sharding(rank: $0, ranks: ranks) { [$0] }.share(of: count, inBatchesOf: batch) }
        }
        // 5 MRs in batches of 2 are [0, 1], [2, 3], [4]: rank 0 takes one batch, rank 1 two.
        #expect(shares(5, batch: 2, ranks: 2) == [0..<2, 2..<5])
        // One batch for two ranks: rank 1 takes it, rank 0 none.
        #expect(shares(5, batch: 16, ranks: 2) == [0..<0, 0..<5])
        #expect(shares(1, batch: 2, ranks: 2) == [0..<0, 0..<1])
        #expect(shares(0, batch: 2, ranks: 3) == [0..<0, 0..<0, 0..<0])
        for count in 0...12 {
            for batch in 1...5 {
                for ranks in 1...4 {
                    let pieces = shares(count, batch: batch, ranks: ranks)
                    #expect(pieces.flatMap { Array($0) } == Array(0..<count))
                    #expect(pieces.allSatisfy { $0.isEmpty || $0.lowerBound % batch == 0 })
                }
            }
        }
    }

    @Test(arguments: [5, 2, 0])
    func everyRankGetsEveryShareInOrder(count: Int) throws {
        // 3 ranks on threads; 5 items split 1, 2, 2; 2 items leave rank 0 with none; 0 items leave all with none.
        let results = onRanks(3) { sharding in
            try sharding.gatheringEveryRank { sharding.share(of: count).map { "item \($0) on rank \(sharding.rank)" } }
        }
        let expected = (0..<3).flatMap { rank in
            Sharding(rank: rank, ranks: 3) { [$0] }.share(of: count).map { "item \($0) on rank \(rank)" }
        }
        #expect(expected.count == count)
        for result in results { #expect(try result.get().flatMap { $0 } == expected) }
    }

    @Test func aFailureOnOneRankFailsEveryRank() {
        let results = onRanks(3) { sharding in
            try sharding.gatheringEveryRank { () -> [Int] in
                if sharding.rank == 1 { throw NotebookAPIError("prompt 3 is empty") }
                return Array(sharding.share(of: 6))
            }
        }
        #expect(results[1].failure == NotebookAPIError("prompt 3 is empty"))
        for rank in [0, 2] {
            #expect(results[rank].failure == NotebookAPIError("rank 1 of 3 failed: prompt 3 is empty"))
        }
    }

    @Test func sharesCombineToTheWholeDecodeTakingTheSlowestRanksTime() {
        let whole = DecodedShare(parallel: [DecodedShare(outputs: ["a", "b"], newTokens: 7, seconds: 2.5),
                                            DecodedShare(outputs: [], newTokens: 0, seconds: 0.1),
                                            DecodedShare(outputs: ["c"], newTokens: 4, seconds: 3)])
        #expect(whole == DecodedShare(outputs: ["a", "b", "c"], newTokens: 11, seconds: 3))
    }
}

private extension Result {
    var failure: NotebookAPIError? {
        if case .failure(let error) = self { return error as? NotebookAPIError }
        return nil
    }
}
