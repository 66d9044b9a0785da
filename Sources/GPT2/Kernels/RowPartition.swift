import Dispatch

/// The engine's threads: the parts its own loops and split products run in, and OpenBLAS's threads for the
/// products it leaves whole. Results depend on the count (reductions are split by it), never on timing.
public enum EngineThreads {
    public static var count: Int { RowPartition.parts }

    /// Sets both; call before a run starts, not while one is in flight.
    public static func set(_ count: Int) {
        precondition(count >= 1, "the engine needs at least one thread")
        RowPartition.parts = count
        BLASThreads.set(count)
    }
}

/// Splits `count` independent rows into a fixed number of contiguous parts run on the cores.
/// The partition depends only on `count` and `parts`, so results are bit-identical run to run.
enum RowPartition {
    /// Parts used for non-BLAS loops and split products (`EngineThreads.set`); written only between runs.
    nonisolated(unsafe) static var parts = 2

    static func forEach(count: Int, minimumPerPart: Int = 8, _ body: (Range<Int>) -> Void) {
        forEachPart(count: count, minimumPerPart: minimumPerPart) { _, range in body(range) }
    }

    /// As `forEach`, also passing the part's index (below `parts`) so each part can use its own scratch.
    static func forEachPart(count: Int, minimumPerPart: Int = 8, _ body: (Int, Range<Int>) -> Void) {
        let usable = Swift.min(parts, Swift.max(1, count / Swift.max(1, minimumPerPart)))
        if usable <= 1 {
            body(0, 0..<count)
            return
        }
        withoutActuallyEscaping(body) { escapable in
            let work = Work(run: escapable)
            DispatchQueue.concurrentPerform(iterations: usable) { part in
                work.run(part, count * part / usable..<count * (part + 1) / usable)
            }
        }
    }

    /// The parts write disjoint rows through raw pointers, which the compiler cannot see is race-free.
    private struct Work: @unchecked Sendable {
        let run: (Int, Range<Int>) -> Void
    }
}
