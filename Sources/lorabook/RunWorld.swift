import Distributed
import GPT2
import NotebookAPI
import Runner

/// How `run`, `check`, `sweep` and `export` act under `mpirun -np N` (N > 1): every process runs the notebook, each
/// training step's rows are shared out and their gradients all-reduced, `generate`'s MRs are shared out and the
/// texts all-gathered, and only rank 0 writes (cache, report, results, files) and prints progress.
/// Outside mpirun: one process, as always.
enum RunWorld {
    static var world: World { World.current }
    static var isWriter: Bool { world.isWriter }

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

    /// The decoder's hook: this rank's share of the MRs, and an all-gather of every rank's texts.
    static var sharding: Sharding? {
        let world = world
        guard world.isParallel else { return nil }
        return Sharding(rank: world.rank, ranks: world.size) { world.allgather($0) }
    }

    /// The progress reporter of this rank: rank 0's prints, the others' are silent.
    static func progressReporter() -> ProgressReporter {
        isWriter ? ProgressReporter() : ProgressReporter(sink: { _ in })
    }

    /// Prints on rank 0 only.
    static func say(_ line: String) {
        if isWriter { print(line) }
    }
}
