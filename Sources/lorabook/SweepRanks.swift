import Distributed
import Foundation
import Runner

/// `mpirun -np N lorabook sweep` with at least as many points as ranks: each rank runs whole points, round-robin by
/// index (point i on rank i mod N), each as one process (`RunWorld.alone`: no data-parallel split, no sharded
/// decoding), so every point's results are a one-process sweep's bit for bit. Each rank writes its points' pages;
/// then one gather brings every point's outcome (its results as JSON) to rank 0, which writes the combined report.
/// With fewer points than ranks, every point runs data-parallel over all the ranks instead.
enum SweepRanks {
    /// Whether the points go whole to the ranks (rather than each point spanning every rank).
    static func spreads(points: Int, ranks: Int) -> Bool {
        ranks > 1 && points >= ranks
    }

    /// The indices of the points `rank` runs: every `ranks`-th from `rank` when the points are spread, else all.
    static func share(points: Int, rank: Int, ranks: Int) -> [Int] {
        spreads(points: points, ranks: ranks) ? Array(stride(from: rank, to: points, by: ranks)) : Array(0..<points)
    }

    /// How one point ended, as it travels from the rank that ran it to rank 0.
    struct Outcome: Codable, Equatable {
        var index: Int
        var results: ResultsFile?
        var state: String
        var href: String
        var failed: Bool
    }

    /// Every rank's outcomes, on rank 0 in point order (nil on the other ranks). One MPI_Gatherv of JSON blobs; rank 0
    /// checks that every point came back exactly once.
    static func gather(_ outcomes: [Outcome], points: Int, world: World) throws -> [Outcome]? {
        guard let blobs = world.gather(encode(outcomes)) else { return nil }
        return try decode(blobs, points: points)
    }

    /// JSON with NaN and infinities as strings, as in results.json. Cannot fail on these types; an empty blob, were it
    /// to, makes rank 0 name the rank whose points are missing instead of leaving the others waiting.
    static func encode(_ outcomes: [Outcome]) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return (try? encoder.encode(outcomes)).map(Array.init) ?? []
    }

    /// The outcomes of every rank's blob, in point order: one per point 0..<points, or an error naming what is amiss.
    static func decode(_ blobs: [[UInt8]], points: Int) throws -> [Outcome] {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        var outcomes: [Outcome] = []
        for (rank, blob) in blobs.enumerated() {
            guard let received = try? decoder.decode([Outcome].self, from: Data(blob)) else {
                throw CommandFailure("sweep: error: the outcomes sent by rank \(rank) cannot be read")
            }
            outcomes += received
        }
        outcomes.sort { $0.index < $1.index }
        guard outcomes.map(\.index) == Array(0..<points) else {
            let missing = Set(0..<points).subtracting(outcomes.map(\.index)).sorted().map { "\($0 + 1)" }
            throw CommandFailure("sweep: error: rank 0 received \(outcomes.count) outcomes for \(points) points"
                                 + (missing.isEmpty ? " (a point came twice)" : " (none for point \(missing.joined(separator: ", ")))"))
        }
        return outcomes
    }
}
