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

    @Test(arguments: [5, 2, 0])
    func everyRankGetsEveryShareInOrder(count: Int) throws {
        // 3 ranks on threads; 5 items split 1, 2, 2; 2 items leave rank 0 with none; 0 items leave all with none.
        let results = onRanks(3) { sharding in
            try sharding.everyShare(of: count) { share in share.map { "item \($0) on rank \(sharding.rank)" } }
        }
        let expected = (0..<3).flatMap { rank in
            Sharding(rank: rank, ranks: 3) { [$0] }.share(of: count).map { "item \($0) on rank \(rank)" }
        }
        #expect(expected.count == count)
        for result in results { #expect(try result.get().flatMap { $0 } == expected) }
    }

    @Test func aFailureOnOneRankFailsEveryRank() {
        let results = onRanks(3) { sharding in
            try sharding.everyShare(of: 6) { share -> [Int] in
                if sharding.rank == 1 { throw NotebookAPIError("prompt 3 is empty") }
                return Array(share)
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

/// Runs `body` on `ranks` threads at once, each with a Sharding whose all-gather meets the others in memory.
private func onRanks<T: Sendable>(_ ranks: Int, _ body: @escaping @Sendable (Sharding) throws -> T) -> [Result<T, Error>] {
    let meeting = InMemoryAllGather(ranks: ranks)
    let results = Locked([Result<T, Error>?](repeating: nil, count: ranks))
    let finished = DispatchGroup()
    for rank in 0..<ranks {
        finished.enter()
        // Own threads (not a concurrent queue), so every rank runs even on one core and the meeting cannot starve.
        Thread {
            let sharding = Sharding(rank: rank, ranks: ranks) { meeting.allGather(rank: rank, $0) }
            let result = Result { try body(sharding) }
            results.update { $0[rank] = result }
            finished.leave()
        }.start()
    }
    finished.wait()
    return results.value.map { $0! }
}

/// One all-gather among threads: each deposits its blob and waits until every rank has.
private final class InMemoryAllGather: @unchecked Sendable {
    private let condition = NSCondition()
    private var blobs: [[UInt8]?]

    init(ranks: Int) { blobs = Array(repeating: nil, count: ranks) }

    func allGather(rank: Int, _ blob: [UInt8]) -> [[UInt8]] {
        condition.lock()
        defer { condition.unlock() }
        precondition(blobs[rank] == nil, "this meeting is for one all-gather")
        blobs[rank] = blob
        condition.broadcast()
        while blobs.contains(where: { $0 == nil }) { condition.wait() }
        return blobs.map { $0! }
    }
}

private final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func update(_ change: (inout Value) -> Void) { lock.withLock { change(&stored) } }
}

private extension Result {
    var failure: NotebookAPIError? {
        if case .failure(let error) = self { return error as? NotebookAPIError }
        return nil
    }
}
