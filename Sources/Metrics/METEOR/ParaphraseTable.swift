import Foundation

/// METEOR's English paraphrase table (`paraphrase-en.gz`: records of three lines, a probability,
/// a phrase and one of its paraphrases), indexed by phrase with paraphrases kept in file order.
public final class ParaphraseTable: Sendable {
    private let vocabulary: ByteStringInterner
    private let phrases: PhraseInterner
    /// For each phrase id, its first record as a source phrase, or -1.
    private let firstRecord: [Int32]
    /// Per record: the paraphrase's phrase id and the next record with the same source phrase.
    private let recordParaphrase: [Int32]
    private let nextRecord: [Int32]
    /// The longest source phrase, in words.
    public let longestPhrase: Int

    /// Reads the gzip table; a record cut short names the file and line.
    public init(gzipFile: URL) throws {
        var vocabulary = ByteStringInterner(capacity: 1 << 19)
        var phrases = PhraseInterner(capacity: 1 << 21)
        var firstRecord: [Int32] = []
        var lastRecord: [Int32] = []
        var recordParaphrase: [Int32] = []
        var nextRecord: [Int32] = []
        var longest = 0
        var words = [Int32](repeating: 0, count: 64)
        var source: Int32 = -1
        var recordLine = 0

        func phraseID(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int) throws -> Int32 {
            var count = 0
            var start = -1
            var i = 0
            while i <= line.count {
                let isDelimiter = i == line.count || line[i] == 0x20 || line[i] == 0x09 || line[i] == 0x0C || line[i] == 0x0D
                if isDelimiter {
                    if start >= 0 {
                        if count == words.count { words.append(contentsOf: repeatElement(0, count: words.count)) }
                        words[count] = vocabulary.intern(UnsafeBufferPointer(rebasing: line[start..<i]))
                        count += 1
                        start = -1
                    }
                } else if start < 0 {
                    start = i
                }
                i += 1
            }
            guard count > 0 else {
                throw METEORError.malformed(file: gzipFile.path, line: lineNumber, reason: "empty phrase in paraphrase record")
            }
            longest = max(longest, count)
            let id = words.withUnsafeBufferPointer { phrases.intern(UnsafeBufferPointer(rebasing: $0[0..<count])) }
            while firstRecord.count < phrases.count {
                firstRecord.append(-1)
                lastRecord.append(-1)
            }
            return id
        }

        try GzipLineReader(url: gzipFile).forEachLine { line, lineNumber in
            switch recordLine {
            case 0:
                guard let first = line.first, first == UInt8(ascii: ".") || first == UInt8(ascii: "-")
                        || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) else {
                    throw METEORError.malformed(file: gzipFile.path, line: lineNumber,
                                                reason: "expected a paraphrase probability, found '\(String(decoding: line.prefix(40), as: UTF8.self))'")
                }
            case 1:
                source = try phraseID(line, lineNumber: lineNumber)
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
        if recordLine != 0 {
            throw METEORError.malformed(file: gzipFile.path, line: recordParaphrase.count * 3 + recordLine,
                                        reason: "the last paraphrase record is incomplete")
        }
        self.vocabulary = vocabulary
        self.phrases = phrases
        self.firstRecord = firstRecord
        self.recordParaphrase = recordParaphrase
        self.nextRecord = nextRecord
        self.longestPhrase = longest
    }

    /// Number of (phrase, paraphrase) records.
    public var recordCount: Int { recordParaphrase.count }

    /// The table's id for `word`, or -1 when no phrase uses it.
    public func wordID(_ word: String) -> Int32 {
        var word = word
        return word.withUTF8 { vocabulary.id(of: $0) }
    }

    /// The paraphrases (as word-id sequences, in file order) of the phrase `words`.
    public func paraphrases(of words: UnsafeBufferPointer<Int32>) -> [ArraySlice<Int32>] {
        let id = phrases.id(of: words)
        guard id >= 0, Int(id) < firstRecord.count else { return [] }
        var result: [ArraySlice<Int32>] = []
        var record = firstRecord[Int(id)]
        while record >= 0 {
            result.append(phrases.phrase(recordParaphrase[Int(record)]))
            record = nextRecord[Int(record)]
        }
        return result
    }
}
