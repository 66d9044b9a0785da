import Distributed
import Foundation
import GPT2
import NotebookAPI
import Runner

/// How `run`, `check`, `sweep` and `export` act under `mpirun -np N` (N > 1): every process runs the notebook, each
/// training step's rows are shared out and their gradients all-reduced, `generate`'s and `evaluate`'s MRs are shared
/// out and the texts and per-MR statistics all-gathered, and only rank 0 writes (cache, report, results, files) and prints progress.
/// Outside mpirun: one process, as always. Inside `alone` (a sweep giving each rank whole points): this process is
/// a world of its own.
enum RunWorld {
    /// The processes a notebook run spans: mpirun's whole world, or this process alone inside `alone`.
    @TaskLocal static var world: World = .current
    static var isWriter: Bool { world.isWriter }

    /// Runs `body` as a world of one process, as `sweep` runs each point when the points outnumber the ranks: no
    /// data-parallel split, no sharded decoding or scoring, and this rank writes its point's report and cache entries itself.
    /// Its progress lines name the rank.
    static func alone<Result>(_ body: () throws -> Result) rethrows -> Result {
        try $world.withValue(.single, operation: body)
    }

    /// The runner's view: who writes, and agreement on cache hits and failures.
    static var collective: RunCollective {
        let world = world
        return RunCollective(size: world.size, isWriter: world.isWriter, allAgree: { world.allAgree($0) })
    }

    /// The trainer's hook: this rank's part of each batch, and one all-reduce of the trainable gradients per step.
    static var dataParallelism: DataParallelism? {
        let world = world
        guard world.isParallel else { return nil }
        return DataParallelism(part: world.rank, parts: world.size) { gradients, lossSums in
            world.allreduceSum(gradients)
            world.allreduceSum(&lossSums)
        }
    }

    /// The hook of decoding and scoring: this rank's share of the MRs, and an all-gather of every rank's results.
    static var sharding: Sharding? {
        let world = world
        guard world.isParallel else { return nil }
        return Sharding(rank: world.rank, ranks: world.size) { world.allgather($0) }
    }

    /// The progress reporter of this rank: rank 0's prints, the others' are silent; inside `alone` under mpirun,
    /// every rank prints plain lines that start with its rank.
    static func progressReporter() -> ProgressReporter {
        let launched = World.current
        if !world.isParallel, launched.isParallel {
            let tag = Data("rank \(launched.rank): ".utf8)
            return ProgressReporter(isTerminal: false) { FileHandle.standardError.write(tag + Data($0.utf8)) }
        }
        return isWriter ? ProgressReporter() : ProgressReporter(sink: { _ in })
    }

    /// Prints on rank 0 only (on every rank inside `alone`), at once: under mpirun stdout is a pipe.
    static func say(_ line: String) {
        guard isWriter else { return }
        print(line)
        fflush(nil)  // every output stream: naming stdout is not allowed under strict concurrency
    }
}
