/// A compact vocabulary: the token ids a corpus uses, renumbered 0..<count in ascending order, so the
/// embedding table and tied LM head (most of a small model's cost at 50,257 ids) cover only those ids.
public struct VocabularyMap: Sendable, Hashable, Codable {
    /// Original id of each compact id, ascending.
    public let originalIDs: [Int32]
    /// Size of the vocabulary the original ids come from.
    public let originalVocabSize: Int
    private let compactByOriginal: [Int32: Int32]

    /// Keeps each distinct id of `tokenIDs` once; ids outside 0..<originalVocabSize throw.
    public init(tokenIDs: some Sequence<Int32>, originalVocabSize: Int) throws {
        let distinct = Set(tokenIDs)
        if let bad = distinct.first(where: { $0 < 0 || Int($0) >= originalVocabSize }) {
            throw GPT2Error.invalidConfig(reason: "vocabulary map: token id \(bad) is outside 0..<\(originalVocabSize)")
        }
        guard !distinct.isEmpty else { throw GPT2Error.invalidConfig(reason: "vocabulary map: no token ids") }
        originalIDs = distinct.sorted()
        self.originalVocabSize = originalVocabSize
        var compact: [Int32: Int32] = [:]
        for (index, id) in originalIDs.enumerated() { compact[id] = Int32(index) }
        compactByOriginal = compact
    }

    enum CodingKeys: String, CodingKey { case originalIDs, originalVocabSize }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(tokenIDs: try container.decode([Int32].self, forKey: .originalIDs),
                      originalVocabSize: try container.decode(Int.self, forKey: .originalVocabSize))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(originalIDs, forKey: .originalIDs)
        try container.encode(originalVocabSize, forKey: .originalVocabSize)
    }

    public var count: Int { originalIDs.count }

    /// The compact id of an original id, nil when the map does not hold it.
    public func compactID(_ id: Int32) -> Int32? { compactByOriginal[id] }

    /// Maps a token sequence; an id the map does not hold throws naming its position.
    public func compact(_ ids: [Int32]) throws -> [Int32] {
        try ids.enumerated().map { position, id in
            guard let compact = compactByOriginal[id] else {
                throw GPT2Error.invalidBatch(reason: "token id \(id) at index \(position) is not in the vocabulary map")
            }
            return compact
        }
    }

    /// The original id of a compact id (as produced by a compact model's logits).
    public func originalID(_ compactID: Int32) -> Int32 { originalIDs[Int(compactID)] }
}
