import AtomicWrite
import CZlib
import Foundation

/// A binary copy of a loaded `ParaphraseTable`, so later runs skip parsing the 272 MB gzip text:
/// a header naming the source file's size and CRC-32, then the table's arrays, raw.
enum ParaphraseIndexFile {
    private static let magic = Array("lorabook METEOR paraphrase index v2\n".utf8)

    /// The size and CRC-32 of the gzip file the index was built from.
    static func fingerprint(of source: URL) throws -> (size: UInt64, crc: UInt64) {
        let data: Data
        do {
            data = try Data(contentsOf: source, options: .alwaysMapped)
        } catch {
            throw METEORError.unreadable(file: source.path, reason: error.localizedDescription)
        }
        let crc = data.withUnsafeBytes { raw -> UInt64 in
            guard let base = raw.bindMemory(to: UInt8.self).baseAddress else { return 0 }
            var crc: UInt = 0
            var offset = 0
            while offset < raw.count {
                let length = min(raw.count - offset, 1 << 30)
                crc = crc32(crc, base + offset, UInt32(length))
                offset += length
            }
            return UInt64(crc)
        }
        return (UInt64(data.count), crc)
    }

    /// Writes `table` to `url` through a temporary file renamed into place.
    static func write(_ table: ParaphraseTable, source: URL, to url: URL) throws {
        let (size, crc) = try fingerprint(of: source)
        var out = Data(magic)
        func put(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) } }
        func put<T>(_ array: [T]) {
            put(UInt64(array.count))
            array.withUnsafeBytes { out.append(contentsOf: $0) }
        }
        put(size)
        put(crc)
        put(UInt64(table.longestPhrase))
        put(table.vocabulary.elements)
        put(table.vocabulary.offsets)
        put(table.vocabulary.slots)
        put(table.phrases.elements)
        put(table.phrases.offsets)
        put(table.phrases.slots)
        put(table.firstRecord)
        put(table.recordParaphrase)
        put(table.nextRecord)
        do {
            try AtomicWrite.write(out, to: url)
        } catch {
            throw METEORError.unreadable(file: url.path, reason: "cannot write the paraphrase index: \(error)")
        }
    }

    /// The table saved at `url` when it was built from `source` as it is now; nil when absent or stale.
    static func read(from url: URL, source: URL) throws -> ParaphraseTable? {
        guard let data = try? Data(contentsOf: url, options: .alwaysMapped) else { return nil }
        let (size, crc) = try fingerprint(of: source)
        return data.withUnsafeBytes { raw -> ParaphraseTable? in
            var reader = RawReader(raw: raw)
            guard reader.take(magic.count).map(Array.init) == magic,
                  reader.integer() == size, reader.integer() == crc,
                  let longest = reader.integer(),
                  let vocabularyBytes: [UInt8] = reader.array(), let vocabularyOffsets: [Int32] = reader.array(),
                  let vocabularySlots: [Int32] = reader.array(), let phraseWords: [Int32] = reader.array(),
                  let phraseOffsets: [Int32] = reader.array(), let phraseSlots: [Int32] = reader.array(),
                  let firstRecord: [Int32] = reader.array(), let recordParaphrase: [Int32] = reader.array(),
                  let nextRecord: [Int32] = reader.array(), reader.isAtEnd,
                  let vocabulary = ByteStringInterner(elements: vocabularyBytes, offsets: vocabularyOffsets, slots: vocabularySlots),
                  let phrases = PhraseInterner(elements: phraseWords, offsets: phraseOffsets, slots: phraseSlots),
                  firstRecord.count == phrases.count, recordParaphrase.count == nextRecord.count
            else { return nil }
            return ParaphraseTable(vocabulary: vocabulary, phrases: phrases, firstRecord: firstRecord,
                                   recordParaphrase: recordParaphrase, nextRecord: nextRecord,
                                   longestPhrase: Int(longest))
        }
    }

    /// Reads integers and raw arrays from the front of a byte buffer, failing softly past its end.
    private struct RawReader {
        let raw: UnsafeRawBufferPointer
        var offset = 0

        var isAtEnd: Bool { offset == raw.count }

        mutating func take(_ count: Int) -> UnsafeRawBufferPointer? {
            guard count >= 0, offset + count <= raw.count else { return nil }
            defer { offset += count }
            return UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + count)])
        }

        mutating func integer() -> UInt64? {
            guard let bytes = take(8) else { return nil }
            return UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
        }

        mutating func array<T>() -> [T]? {
            guard let count = integer(), count <= UInt64(raw.count),
                  let bytes = take(Int(count) * MemoryLayout<T>.stride) else { return nil }
            return [T](unsafeUninitializedCapacity: Int(count)) { buffer, initialized in
                if let destination = buffer.baseAddress, let source = bytes.baseAddress, count > 0 {
                    memcpy(destination, source, bytes.count)
                }
                initialized = Int(count)
            }
        }
    }
}
