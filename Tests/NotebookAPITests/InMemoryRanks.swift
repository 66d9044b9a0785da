import Foundation
import NotebookAPI

/// Stands in for the ranks of an mpirun: runs `body` on `ranks` threads, each with a Sharding whose all-gather meets
/// the others in memory. The ranks compute one at a time (a rank hands the turn on while it waits in an all-gather),
/// since processes would share nothing and the engine's thread settings are process-wide.
func onRanks<T: Sendable>(_ ranks: Int, _ body: @escaping @Sendable (Sharding) throws -> T) -> [Result<T, Error>] {
    let meeting = InMemoryAllGather(ranks: ranks)
    let results = Locked([Result<T, Error>?](repeating: nil, count: ranks))
    let finished = DispatchGroup()
    for rank in 0..<ranks {
        finished.enter()
        // Own threads (not a concurrent queue), so every rank runs even on one core and the meeting cannot starve.
        Thread {
            meeting.turn.lock()
            let sharding = Sharding(rank: rank, ranks: ranks) { meeting.allGather(rank: rank, $0) }
            let result = Result { try body(sharding) }
            meeting.turn.unlock()
            results.update { $0[rank] = result }
            finished.leave()
        }.start()
    }
    finished.wait()
    return results.value.map { $0! }
}

/// All-gathers among threads, round after round: each rank deposits its blob and waits until every rank has.
private final class InMemoryAllGather: @unchecked Sendable {
    /// Held by the rank that computes.
    let turn = NSLock()
    private let condition = NSCondition()
    private let ranks: Int
    private var deposited: [[UInt8]]
    private var gathered: [[UInt8]] = []
    private var arrived = 0, round = 0

    init(ranks: Int) {
        self.ranks = ranks
        deposited = Array(repeating: [], count: ranks)
    }

    func allGather(rank: Int, _ blob: [UInt8]) -> [[UInt8]] {
        turn.unlock()
        defer { turn.lock() }
        condition.lock()
        defer { condition.unlock() }
        let current = round
        deposited[rank] = blob
        arrived += 1
        if arrived == ranks {
            gathered = deposited
            arrived = 0
            round += 1
            condition.broadcast()
        } else {
            while round == current { condition.wait() }
        }
        return gathered
    }
}

final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func update(_ change: (inout Value) -> Void) { lock.withLock { change(&stored) } }
}
