import Foundation

/// Under mpirun with more than one process: how `generate` and `evaluate` share their MRs out among the ranks and brings every rank's
/// results back to all of them (nil in NotebookEnvironment: one process does everything). The all-gather is a
/// closure, so NotebookAPI does not depend on MPI (the CLI builds it from Distributed's World).
public struct Sharding: Sendable {
    /// This process's place, 0..<ranks.
    public var rank: Int
    public var ranks: Int
    /// Every rank's blob, in rank order, on every rank. A collective: every rank calls it, in the same order.
    public var allGather: @Sendable ([UInt8]) -> [[UInt8]]

    public init(rank: Int, ranks: Int, allGather: @escaping @Sendable ([UInt8]) -> [[UInt8]]) {
        precondition(ranks >= 1 && (0..<ranks).contains(rank), "rank \(rank) is not one of \(ranks)")
        self.rank = rank
        self.ranks = ranks
        self.allGather = allGather
    }

    /// This rank's items of `count`: contiguous, in order, sizes differing by at most one (with fewer items than
    /// ranks, some of the lowest ranks get none). The shares of ranks 0, 1, ... put together are 0..<count.
    public func share(of count: Int) -> Range<Int> {
        count * rank / ranks..<count * (rank + 1) / ranks
    }

    /// This rank's items of `count` taken in whole batches of `batch` (the last one may be shorter): the batches one
    /// process would run, shared out as `share(of:)` shares items, so a rank may get none when batches are fewer.
    public func share(of count: Int, inBatchesOf batch: Int) -> Range<Int> {
        let batches = share(of: (count + batch - 1) / batch)
        return min(count, batches.lowerBound * batch)..<min(count, batches.upperBound * batch)
    }

    /// Runs `work` (this rank's part of a job), then returns every rank's result in rank order, on every rank. If
    /// `work` throws on any rank, this throws on every rank (the failing rank's own error there, a message naming
    /// the first failing rank elsewhere), so every rank meets the collective exactly once.
    func gatheringEveryRank<Part: Codable>(_ work: () throws -> Part) throws -> [Part] {
        var blob: [UInt8]
        var localError: Error?
        do {
            blob = try ShareOutcome.done(try work()).encoded()
        } catch {
            localError = error
            blob = try ShareOutcome<Part>.failed(String(describing: error)).encoded()
        }
        let outcomes = try allGather(blob).enumerated().map { rank, blob in
            do {
                return try JSONDecoder().decode(ShareOutcome<Part>.self, from: Data(blob))
            } catch {
                throw NotebookAPIError("rank \(rank)'s share could not be read back: \(error)")
            }
        }
        if let localError { throw localError }
        return try outcomes.enumerated().map { rank, outcome in
            switch outcome {
            case .done(let part): return part
            case .failed(let message): throw NotebookAPIError("rank \(rank) of \(ranks) failed: \(message)")
            }
        }
    }
}

/// What one rank sends back for its share.
enum ShareOutcome<Part: Codable>: Codable {
    case done(Part)
    case failed(String)

    func encoded() throws -> [UInt8] { Array(try JSONEncoder().encode(self)) }
}
