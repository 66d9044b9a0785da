import ArgumentParser
import Distributed
import Foundation

/// `lorabook mpi-selftest --folder DIR` (hidden; tests/mpi/check.sh runs it under `mpirun -np 2` and `-np 3`): every
/// rank checks the blob collectives on blobs of uneven sizes (empty ones, and some beyond Open MPI's eager limit),
/// the barrier (each rank leaves a file in DIR before it, and after it every rank must see all of them) and allAgree.
/// Each rank prints its mismatches; every rank exits non-zero if any rank found one.
struct MPISelfTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mpi-selftest",
        abstract: "Check the MPI collectives among the ranks of an mpirun (a test of tests/mpi/check.sh).",
        shouldDisplay: false
    )

    @Option(help: "A folder every rank can write to (the barrier check leaves one file per rank in it).")
    var folder: String

    func run() throws {
        let world = World.current
        var mismatches: [String] = []
        for round in BlobPattern.rounds {
            let expected = (0..<world.size).map { BlobPattern.blob(round: round, rank: $0, ranks: world.size) }
            let mine = expected[world.rank]
            if world.allgather(mine) != expected { mismatches.append("allgather round \(round): wrong blobs") }
            let gathered = world.gather(mine)
            if gathered != (world.isWriter ? expected : nil) { mismatches.append("gather round \(round): wrong blobs") }
        }
        mismatches += barrierMismatches(world)
        if !world.allAgree(true) || world.allAgree(world.rank != world.size - 1) != !world.isParallel {
            mismatches.append("allAgree gave a wrong verdict")
        }
        for mismatch in mismatches {
            FileHandle.standardError.write(Data("rank \(world.rank) of \(world.size): \(mismatch)\n".utf8))
        }
        guard world.allAgree(mismatches.isEmpty) else { throw ExitCode.failure }
        if world.isWriter {
            print("mpi-selftest: \(world.size) ranks agree on allgather and gather (\(BlobPattern.rounds.count) rounds of "
                  + "uneven and empty blobs), barrier and allAgree")
        }
    }

    /// Each rank leaves a file, waits at the barrier, then must find every rank's file.
    private func barrierMismatches(_ world: World) -> [String] {
        let directory = URL(fileURLWithPath: folder, isDirectory: true)
        func marker(_ rank: Int) -> URL { directory.appendingPathComponent("barrier-rank-\(rank)") }
        do {
            try Data().write(to: marker(world.rank))
        } catch {
            return ["cannot write \(marker(world.rank).path): \(error)"]
        }
        world.barrier()
        let missing = (0..<world.size).filter { !FileManager.default.fileExists(atPath: marker($0).path) }
        return missing.isEmpty ? [] : ["after the barrier, the files of ranks \(missing) are missing"]
    }
}

/// The blobs of the self-test: rank r's blob of each round, its bytes a function of (round, rank, index).
enum BlobPattern {
    static let rounds = 0..<4

    static func blob(round: Int, rank: Int, ranks: Int) -> [UInt8] {
        (0..<length(round: round, rank: rank, ranks: ranks)).map { UInt8(truncatingIfNeeded: $0 * 31 + rank * 7 + round) }
    }

    private static func length(round: Int, rank: Int, ranks: Int) -> Int {
        switch round {
        case 0: return 3 * rank + 1                               // small, uneven
        case 1: return 0                                          // every blob empty
        case 2: return rank == 0 ? 0 : 70_000 * rank + rank       // rank 0 empty, the others beyond the eager limit
        default: return rank == ranks - 1 ? 5 : 0                 // only the last rank sends
        }
    }
}
