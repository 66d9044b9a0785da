import Dispatch
import Foundation

/// Runs independent pieces of scoring work at the same time. Each piece writes only its own results, and
/// they are combined afterwards in a fixed order, so scores never depend on the thread count or on timing.
enum ScoringThreads {
    /// Runs `first` and `second` on two threads and waits for both.
    static func both(_ first: () -> Void, _ second: () -> Void) {
        withoutActuallyEscaping(first) { first in
            withoutActuallyEscaping(second) { second in
                let work = Work(pieces: [first, second])
                DispatchQueue.concurrentPerform(iterations: 2) { work.pieces[$0]() }
            }
        }
    }

    /// Splits `0..<count` into `parts` contiguous ranges (fewer when `count` is small) and runs `body(part, range)`
    /// on each at once.
    static func forEachPart(count: Int, parts: Int, _ body: (Int, Range<Int>) -> Void) {
        let used = Swift.max(1, Swift.min(parts, count))
        if used == 1 { return body(0, 0..<count) }
        withoutActuallyEscaping(body) { body in
            let work = Work(pieces: (0..<used).map { part in { body(part, count * part / used..<count * (part + 1) / used) } })
            DispatchQueue.concurrentPerform(iterations: used) { work.pieces[$0]() }
        }
    }

    /// The pieces write disjoint results, which the compiler cannot see is race-free.
    private struct Work: @unchecked Sendable {
        let pieces: [() -> Void]
    }

    /// Parts METEOR's segments are split into: this machine's processors, at most four.
    static var parts: Int { Swift.min(4, Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)) }
}
