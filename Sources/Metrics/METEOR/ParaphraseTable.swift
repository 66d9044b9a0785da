import CZlib
import Foundation

/// METEOR's English paraphrase table (`paraphrase-en.gz`: records of three lines, a probability,
/// a phrase and one of its paraphrases), indexed by phrase with paraphrases kept in file order.
/// Words and phrases are interned into flat arrays; the whole index can be saved and reloaded.
public final class ParaphraseTable: Sendable {
    let vocabulary: ByteStringInterner
    let phrases: PhraseInterner
    /// For each phrase id, its first record as a source phrase, or -1.
    let firstRecord: [Int32]
    /// Per record: the paraphrase's phrase id and the next record with the same source phrase.
    let recordParaphrase: [Int32]
    let nextRecord: [Int32]
    /// The longest phrase on either side, in words.
    public let longestPhrase: Int

    init(vocabulary: ByteStringInterner, phrases: PhraseInterner, firstRecord: [Int32],
         recordParaphrase: [Int32], nextRecord: [Int32], longestPhrase: Int) {
        self.vocabulary = vocabulary
        self.phrases = phrases
        self.firstRecord = firstRecord
        self.recordParaphrase = recordParaphrase
        self.nextRecord = nextRecord
        self.longestPhrase = longestPhrase
    }

    /// Reads the gzip table; a record cut short or a line out of place names the file and line.
    public convenience init(gzipFile: URL) throws {
        var builder = ParaphraseTableBuilder(path: gzipFile.path)
        try GzipLineReader(url: gzipFile).forEachLine { line, number in
            try builder.consume(line, lineNumber: number)
        }
        try builder.finish()
        self.init(vocabulary: builder.vocabulary, phrases: builder.phrases, firstRecord: builder.firstRecord,
                  recordParaphrase: builder.recordParaphrase, nextRecord: builder.nextRecord,
                  longestPhrase: builder.longestPhrase)
    }

    /// Number of (phrase, paraphrase) records.
    public var recordCount: Int { recordParaphrase.count }

    /// The table's id for `word`, or -1 when no phrase uses it.
    public func wordID(_ word: String) -> Int32 {
        var word = word
        return word.withUTF8 { vocabulary.id(of: $0) }
    }

    /// The phrase id of a sequence of word ids (a table phrase or the start of one), or -1 when no
    /// table phrase starts with these words.
    func phraseID(_ words: UnsafeBufferPointer<Int32>) -> Int32 {
        phrases.id(of: words)
    }

    /// The number of words in phrase `id`.
    func phraseLength(_ id: Int32) -> Int {
        Int(phrases.offsets[Int(id) + 1] - phrases.offsets[Int(id)])
    }

    /// The phrase ids of the paraphrases of phrase `id`, in file order.
    func paraphraseIDs(of id: Int32) -> [Int32] {
        guard id >= 0, Int(id) < firstRecord.count else { return [] }
        var result: [Int32] = []
        var record = firstRecord[Int(id)]
        while record >= 0 {
            result.append(recordParaphrase[Int(record)])
            record = nextRecord[Int(record)]
        }
        return result
    }
}

/// Accumulates the table line by line while the gzip file streams past.
struct ParaphraseTableBuilder {
    let path: String
    var vocabulary = ByteStringInterner(capacity: 1 << 19)
    var phrases = PhraseInterner(capacity: 1 << 21)
    var firstRecord: [Int32] = []
    var lastRecord: [Int32] = []
    var recordParaphrase: [Int32] = []
    var nextRecord: [Int32] = []
    var longestPhrase = 0
    private var words = [Int32](repeating: 0, count: 256)
    private var source: Int32 = -1
    private var previousSource: [UInt8] = []
    private var recordLine = 0
    private var lastLine = 0

    init(path: String) { self.path = path }

    mutating func consume(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int) throws {
        lastLine = lineNumber
        switch recordLine {
        case 0:
            guard let first = line.first, first == UInt8(ascii: ".") || first == UInt8(ascii: "-")
                    || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) else {
                throw METEORError.malformed(file: path, line: lineNumber,
                                            reason: "expected a paraphrase probability, found '\(String(decoding: line.prefix(40), as: UTF8.self))'")
            }
        case 1:
            // Records come grouped by source phrase: a line equal to the last one has the same id.
            let same = line.count == previousSource.count && previousSource.withUnsafeBufferPointer { previous in
                guard let a = previous.baseAddress, let b = line.baseAddress else { return line.isEmpty }
                return memcmp(a, b, line.count) == 0
            }
            if !same {
                source = try phraseID(line, lineNumber: lineNumber)
                previousSource = Array(line)
            }
        default:
            let paraphrase = try phraseID(line, lineNumber: lineNumber)
            let record = Int32(recordParaphrase.count)
            recordParaphrase.append(paraphrase)
            nextRecord.append(-1)
            let s = Int(source)
            if firstRecord[s] < 0 {
                firstRecord[s] = record
            } else {
                nextRecord[Int(lastRecord[s])] = record
            }
            lastRecord[s] = record
        }
        recordLine = (recordLine + 1) % 3
    }

    mutating func finish() throws {
        if recordLine != 0 {
            throw METEORError.malformed(file: path, line: lastLine, reason: "the last paraphrase record is incomplete")
        }
        lastRecord = []
    }

    /// Interns the words of one phrase line (split as Java's `StringTokenizer` splits) and the phrase.
    private mutating func phraseID(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int) throws -> Int32 {
        guard let base = line.baseAddress else {
            throw METEORError.malformed(file: path, line: lineNumber, reason: "empty phrase in paraphrase record")
        }
        var count = 0
        var start = -1
        var i = 0
        let n = line.count
        while i <= n {
            let byte: UInt8 = i == n ? 0x20 : base[i]
            if byte == 0x20 || byte == 0x09 || byte == 0x0C || byte == 0x0D {
                if start >= 0 {
                    guard count < words.count else {
                        throw METEORError.malformed(file: path, line: lineNumber, reason: "phrase longer than \(words.count) words")
                    }
                    words[count] = vocabulary.intern(UnsafeBufferPointer(start: base + start, count: i - start))
                    count += 1
                    start = -1
                }
            } else if start < 0 {
                start = i
            }
            i += 1
        }
        guard count > 0 else {
            throw METEORError.malformed(file: path, line: lineNumber, reason: "empty phrase in paraphrase record")
        }
        longestPhrase = max(longestPhrase, count)
        // Proper prefixes are interned too (without records), so a lookup that finds no entry for
        // a phrase knows no longer phrase starts with it and can stop extending.
        let id = words.withUnsafeBufferPointer { buffer in
            let known = phrases.count
            let id = phrases.intern(UnsafeBufferPointer(rebasing: buffer[0..<count]))
            // A phrase seen before had its prefixes interned then.
            if phrases.count > known {
                for length in 1..<count { _ = phrases.intern(UnsafeBufferPointer(rebasing: buffer[0..<length])) }
            }
            return id
        }
        while firstRecord.count < phrases.count {
            firstRecord.append(-1)
            lastRecord.append(-1)
        }
        return id
    }
}
