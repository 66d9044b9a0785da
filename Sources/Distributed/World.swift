import CMPI
import Foundation

/// The processes of one run: under `mpirun` (Open MPI), MPI's world; otherwise one process and no MPI call at all.
/// Every collective must be called by every process in the same order, from one thread at a time.
public final class World: @unchecked Sendable {
    /// This process's place, 0..<size; 0 is the one that writes.
    public let rank: Int
    public let size: Int

    /// The world of this process, started on first use (MPI_Init only when a launcher set its environment).
    public static let current = World(environment: ProcessInfo.processInfo.environment)

    /// A world of one process that makes no MPI call: what tests and runs outside `mpirun` get.
    public static let single = World(rank: 0, size: 1)

    public var isParallel: Bool { size > 1 }
    public var isWriter: Bool { rank == 0 }

    private init(rank: Int, size: Int) {
        self.rank = rank
        self.size = size
    }

    private convenience init(environment: [String: String]) {
        guard Self.launchedByMPI(environment) else {
            self.init(rank: 0, size: 1)
            return
        }
        var provided: Int32 = 0
        // Serialized: cells may run on a thread other than main, one at a time.
        MPI_Init_thread(nil, nil, Int32(MPI_THREAD_SERIALIZED), &provided)
        var rank: Int32 = 0, size: Int32 = 1
        MPI_Comm_rank(lorabook_mpi_comm_world(), &rank)
        MPI_Comm_size(lorabook_mpi_comm_world(), &size)
        self.init(rank: Int(rank), size: Int(size))
        atexit { World.finalize() }
    }

    /// Whether an MPI launcher (Open MPI's mpirun, or a PMI/PMIx one) started this process.
    static func launchedByMPI(_ environment: [String: String]) -> Bool {
        ["OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK"].contains { environment[$0] != nil }
    }

    private static func finalize() {
        var finalized: Int32 = 0
        MPI_Finalized(&finalized)
        if finalized == 0 { MPI_Finalize() }
    }

    /// MPI counts are 32-bit: long buffers go in pieces.
    private static let chunk = 1 << 28

    /// Sums `buffer` over all processes, in place, on every process.
    public func allreduceSum(_ buffer: UnsafeMutableBufferPointer<Float>) {
        guard isParallel, let base = buffer.baseAddress else { return }
        for start in stride(from: 0, to: buffer.count, by: Self.chunk) {
            let count = min(Self.chunk, buffer.count - start)
            MPI_Allreduce(lorabook_mpi_in_place(), base + start, Int32(count), lorabook_mpi_float(), lorabook_mpi_sum(),
                          lorabook_mpi_comm_world())
        }
    }

    /// Sums `values` over all processes, in place, on every process.
    public func allreduceSum(_ values: inout [Double]) {
        guard isParallel, !values.isEmpty else { return }
        values.withUnsafeMutableBufferPointer { buffer in
            _ = MPI_Allreduce(lorabook_mpi_in_place(), buffer.baseAddress, Int32(buffer.count), lorabook_mpi_double(),
                              lorabook_mpi_sum(), lorabook_mpi_comm_world())
        }
    }

    /// True on every process when `flag` is true on every process.
    public func allAgree(_ flag: Bool) -> Bool {
        guard isParallel else { return flag }
        var value: Int32 = flag ? 1 : 0
        MPI_Allreduce(lorabook_mpi_in_place(), &value, 1, lorabook_mpi_int(), lorabook_mpi_min(), lorabook_mpi_comm_world())
        return value == 1
    }

    /// Waits until every process has reached it.
    public func barrier() {
        guard isParallel else { return }
        MPI_Barrier(lorabook_mpi_comm_world())
    }

    /// Prints `message` (naming this rank) and ends every process of the run with `code`; outside MPI, exits.
    public func abort(_ message: String, code: Int32 = 1) -> Never {
        let prefix = isParallel ? "rank \(rank) of \(size): " : ""
        FileHandle.standardError.write(Data("\(prefix)\(message)\n".utf8))
        if isParallel { MPI_Abort(lorabook_mpi_comm_world(), code) }
        exit(code)
    }
}
