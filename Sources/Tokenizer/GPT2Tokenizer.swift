import Foundation
import GPT2TokenIDs

/// GPT-2's byte-level BPE tokenizer, loaded from `encoder.json` and `vocab.bpe`, exact to OpenAI's encoder.
/// Safe to use from several threads at once: the piece cache is shared behind a lock.
public struct GPT2Tokenizer: Sendable {
    /// The literal text of the end-of-text token.
    public static let endOfTextText = "<|endoftext|>"

    private let tokenBytes: [[UInt8]]
    let merger: BytePairMerger
    private let cache: PieceCache

    /// Loads the vocabulary; a malformed file throws an error naming the file, line and column.
    /// `cacheCapacity` bounds how many distinct pieces are remembered (0 disables the cache).
    public init(encoderJSON: URL, vocabBPE: URL, cacheCapacity: Int = 200_000) throws(TokenizerError) {
        let tokens = try EncoderJSON.read(encoderJSON)
        var byteTokens = [Int32](repeating: -1, count: 256)
        for (id, bytes) in tokens.enumerated() where bytes.count == 1 {
            byteTokens[Int(bytes[0])] = Int32(id)
        }
        if let missing = byteTokens.firstIndex(of: -1) {
            throw .malformed(file: encoderJSON.path, line: 1, column: 1,
                             message: "no token for the single byte 0x\(String(missing, radix: 16, uppercase: true))")
        }
        let merges = try MergeList.read(vocabBPE, tokens: tokens)
        self.tokenBytes = tokens
        self.merger = BytePairMerger(merges: merges, byteTokens: byteTokens)
        self.cache = PieceCache(capacity: max(0, cacheCapacity))
    }

    /// Loads `encoder.json` and `vocab.bpe` from one folder (the data folder's `gpt2/`).
    public init(directory: URL, cacheCapacity: Int = 200_000) throws(TokenizerError) {
        try self.init(encoderJSON: directory.appendingPathComponent("encoder.json"),
                      vocabBPE: directory.appendingPathComponent("vocab.bpe"),
                      cacheCapacity: cacheCapacity)
    }

    private init(tokenBytes: [[UInt8]], merger: BytePairMerger, cache: PieceCache) {
        self.tokenBytes = tokenBytes
        self.merger = merger
        self.cache = cache
    }

    /// The same vocabulary with a fresh, empty cache of the given capacity (0 disables it); for measuring.
    public func withFreshCache(capacity: Int = 200_000) -> GPT2Tokenizer {
        GPT2Tokenizer(tokenBytes: tokenBytes, merger: merger, cache: PieceCache(capacity: max(0, capacity)))
    }

    /// The number of token ids (50,257 for GPT-2).
    public var vocabularySize: Int { tokenBytes.count }

    /// How many distinct pieces the shared cache holds now.
    public var cachedPieceCount: Int { cache.count }

    /// Encodes text as ordinary text: `<|endoftext|>` inside it is spelled with ordinary tokens,
    /// as tiktoken's `encode_ordinary` does, so user text can never inject a separator.
    public func encode(_ text: String) -> [Int] {
        encodeInt32(text).map(Int.init)
    }

    /// Encodes text; with `recognizingEndOfText`, each literal `<|endoftext|>` becomes the single id `GPT2TokenIDs.endOfText`
    /// (tiktoken's `encode(text, allowed_special={"<|endoftext|>"})`).
    public func encode(_ text: String, recognizingEndOfText: Bool) -> [Int] {
        guard recognizingEndOfText else { return encode(text) }
        let bytes = Array(text.utf8)
        let marker = Array(Self.endOfTextText.utf8)
        var ids: [Int] = []
        var segmentStart = 0
        var index = 0
        while index + marker.count <= bytes.count {
            if bytes[index] == marker[0], bytes[index..<(index + marker.count)].elementsEqual(marker) {
                ids += encode(String(decoding: bytes[segmentStart..<index], as: UTF8.self))
                ids.append(GPT2TokenIDs.endOfText)
                index += marker.count
                segmentStart = index
            } else {
                index += 1
            }
        }
        ids += encode(String(decoding: bytes[segmentStart...], as: UTF8.self))
        return ids
    }

    /// Encodes ordinary text to 32-bit ids, the form batches use.
    public func encodeInt32(_ text: String) -> [Int32] {
        var text = text
        return text.withUTF8 { bytes in
            var output: [Int32] = []
            output.reserveCapacity(bytes.count / 3 + 1)
            for range in PreTokenizer.pieces(of: bytes) {
                let piece = UnsafeBufferPointer(rebasing: bytes[range])
                guard let key = PieceCache.Key(piece), cache.capacity > 0 else {
                    merger.merge(piece, into: &output)
                    continue
                }
                if let ids = cache.ids(for: key) {
                    output.append(contentsOf: ids)
                } else {
                    var ids: [Int32] = []
                    merger.merge(piece, into: &ids)
                    cache.store(ids, for: key)
                    output.append(contentsOf: ids)
                }
            }
            return output
        }
    }

    /// The text pieces ids stand for: their bytes joined and read as UTF-8, with each invalid sequence
    /// replaced by U+FFFD (as Python's `errors="replace"`). Ids outside the vocabulary decode to U+FFFD.
    public func decode(_ ids: [Int]) -> String {
        String(decoding: decodeBytes(ids), as: UTF8.self)
    }

    /// The raw bytes ids stand for; ids outside the vocabulary give the UTF-8 of U+FFFD.
    public func decodeBytes(_ ids: [Int]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ids.count * 4)
        for id in ids {
            if id >= 0, id < tokenBytes.count {
                bytes += tokenBytes[id]
            } else {
                bytes += [0xEF, 0xBF, 0xBD]
            }
        }
        return bytes
    }

    /// The raw bytes of one token, or nil for an id outside the vocabulary.
    public func bytes(ofToken id: Int) -> [UInt8]? {
        id >= 0 && id < tokenBytes.count ? tokenBytes[id] : nil
    }
}

extension GPT2Tokenizer {
    /// Generated ids as the LoRA repository's `gpt2_decode.py` writes them for the scorer: decoded, cut at the
    /// first `<|endoftext|>` and then at the first blank line, and stripped of surrounding whitespace.
    public func paperOutputText(_ ids: [Int]) -> String {
        var text = decode(ids)
        if let end = text.range(of: Self.endOfTextText) { text = String(text[..<end.lowerBound]) }
        if let blank = text.range(of: "\n\n") { text = String(text[..<blank.lowerBound]) }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
