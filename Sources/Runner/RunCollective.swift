/// How the processes of one data-parallel run (`mpirun -np N lorabook run`) stay in step: only the writer stores
/// cache entries, and a cell is taken from the cache only when every process finds it there, so every process runs
/// the same cells (and meets the others in the same collective calls).
public struct RunCollective: Sendable {
    public var size: Int
    public var isWriter: Bool
    /// True on every process when the flag is true on every process.
    public var allAgree: @Sendable (Bool) -> Bool

    public init(size: Int, isWriter: Bool, allAgree: @escaping @Sendable (Bool) -> Bool) {
        self.size = size
        self.isWriter = isWriter
        self.allAgree = allAgree
    }

    /// One process: it writes, and agrees with itself.
    public static let single = RunCollective(size: 1, isWriter: true, allAgree: { $0 })
}
