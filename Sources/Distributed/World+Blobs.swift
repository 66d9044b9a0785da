import CMPI

/// Collectives over byte blobs of any length (empty included), one blob per process.
extension World {
    /// Every process's `blob`, in rank order, on rank 0; nil on the others.
    /// MPI_Gather of the lengths, then MPI_Gatherv of the bytes.
    public func gather(_ blob: [UInt8]) -> [[UInt8]]? {
        guard isParallel else { return [blob] }
        var length = Int32(checkedLength: blob.count)
        var lengths = [Int32](repeating: 0, count: isWriter ? size : 0)
        lengths.withUnsafeMutableBufferPointer { lengthsBuffer in
            _ = MPI_Gather(&length, 1, lorabook_mpi_int(), lengthsBuffer.baseAddress, 1, lorabook_mpi_int(), 0,
                           lorabook_mpi_comm_world())
        }
        let blobs = BlobLayout(lengths: lengths).receive(blob) { send, count, receive, counts, displacements in
            _ = MPI_Gatherv(send, count, lorabook_mpi_byte(), receive, counts, displacements, lorabook_mpi_byte(), 0,
                            lorabook_mpi_comm_world())
        }
        return isWriter ? blobs : nil
    }

    /// Every process's `blob`, in rank order, on every process.
    /// MPI_Allgather of the lengths, then MPI_Allgatherv of the bytes.
    public func allgather(_ blob: [UInt8]) -> [[UInt8]] {
        guard isParallel else { return [blob] }
        var length = Int32(checkedLength: blob.count)
        var lengths = [Int32](repeating: 0, count: size)
        lengths.withUnsafeMutableBufferPointer { lengthsBuffer in
            _ = MPI_Allgather(&length, 1, lorabook_mpi_int(), lengthsBuffer.baseAddress, 1, lorabook_mpi_int(),
                              lorabook_mpi_comm_world())
        }
        return BlobLayout(lengths: lengths).receive(blob) { send, count, receive, counts, displacements in
            _ = MPI_Allgatherv(send, count, lorabook_mpi_byte(), receive, counts, displacements, lorabook_mpi_byte(),
                               lorabook_mpi_comm_world())
        }
    }
}

/// Where each process's blob sits in the bytes received from all of them: one after another, in rank order.
struct BlobLayout: Equatable {
    var lengths: [Int32]
    var offsets: [Int32]
    var total: Int

    init(lengths: [Int32]) {
        self.lengths = lengths
        var offsets: [Int32] = []
        var total = 0
        for length in lengths {
            offsets.append(Int32(checkedLength: total))
            total += Int(length)
        }
        self.offsets = offsets
        self.total = Int(Int32(checkedLength: total))
    }

    /// Runs `exchange` (a "v" collective) with `blob` to send and a buffer laid out for every process's bytes,
    /// then cuts what arrived into one blob per process.
    func receive(_ blob: [UInt8],
                 _ exchange: (_ send: UnsafePointer<UInt8>?, _ count: Int32, _ receive: UnsafeMutablePointer<UInt8>?,
                              _ counts: UnsafePointer<Int32>?, _ displacements: UnsafePointer<Int32>?) -> Void) -> [[UInt8]] {
        var received = [UInt8](repeating: 0, count: total)
        blob.withUnsafeBufferPointer { send in
            received.withUnsafeMutableBufferPointer { receive in
                lengths.withUnsafeBufferPointer { counts in
                    offsets.withUnsafeBufferPointer { displacements in
                        exchange(send.baseAddress, Int32(checkedLength: blob.count), receive.baseAddress, counts.baseAddress,
                                 displacements.baseAddress)
                    }
                }
            }
        }
        return split(received)
    }

    /// The received bytes cut back into one blob per process.
    func split(_ received: [UInt8]) -> [[UInt8]] {
        lengths.indices.map { Array(received[Int(offsets[$0])..<Int(offsets[$0] + lengths[$0])]) }
    }
}

extension Int32 {
    /// MPI counts and displacements are 32-bit: a blob (or all of them together) must stay under 2 GiB.
    init(checkedLength length: Int) {
        precondition(length <= Int(Int32.max), "MPI blobs are limited to 2 GiB in all, not \(length) bytes")
        self.init(length)
    }
}
