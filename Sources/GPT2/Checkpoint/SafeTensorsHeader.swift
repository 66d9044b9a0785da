import Foundation

/// Parses and validates a safetensors header against the size of the file it came from.
struct SafeTensorsHeader {
    var metadata: [String: String]
    var entries: [String: SafeTensorsFile.Entry]
    /// Offset of the data section from the start of the file.
    var dataStart: Int

    /// Safetensors readers cap the header at 100 MB; larger lengths mean a corrupt file.
    static let maximumHeaderLength: UInt64 = 100_000_000

    static func parse(_ bytes: UnsafeRawBufferPointer, file: String) throws -> SafeTensorsHeader {
        guard bytes.count >= 8 else {
            throw CheckpointError(file: file, problem: .truncated(fileSize: bytes.count))
        }
        let headerLength = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw CheckpointError(file: file, problem: .headerPastEnd(headerLength: headerLength, fileSize: bytes.count))
        }
        guard headerLength <= maximumHeaderLength else {
            throw CheckpointError(file: file, problem: .malformedHeader(reason: "header length \(headerLength) exceeds 100 MB"))
        }
        let dataStart = 8 + Int(headerLength)
        let json = Data(UnsafeRawBufferPointer(rebasing: bytes[8..<dataStart]))
        guard json.first == UInt8(ascii: "{") else {
            throw CheckpointError(file: file, problem: .malformedHeader(reason: "header does not start with '{'"))
        }
        let raw: RawHeader
        do {
            raw = try JSONDecoder().decode(RawHeader.self, from: json)
        } catch let error as DecodingError {
            throw describe(error, file: file)
        }
        let dataSize = bytes.count - dataStart
        var entries: [String: SafeTensorsFile.Entry] = [:]
        for (name, rawEntry) in raw.tensors {
            entries[name] = try validate(rawEntry, name: name, dataSize: dataSize, file: file)
        }
        try checkCoverage(entries.values, dataSize: dataSize, file: file)
        return SafeTensorsHeader(metadata: raw.metadata, entries: entries, dataStart: dataStart)
    }

    private static func validate(_ raw: RawEntry, name: String, dataSize: Int,
                                 file: String) throws -> SafeTensorsFile.Entry {
        guard let dtype = SafeTensorsDType(rawValue: raw.dtype) else {
            throw CheckpointError(file: file, tensor: name, problem: .unknownDType(raw.dtype))
        }
        guard raw.shape.allSatisfy({ $0 >= 0 }) else {
            throw CheckpointError(file: file, tensor: name, problem: .malformedHeader(reason: "negative dimension in shape \(raw.shape)"))
        }
        guard raw.dataOffsets.count == 2 else {
            throw CheckpointError(file: file, tensor: name,
                                  problem: .malformedHeader(reason: "data_offsets must hold two numbers, found \(raw.dataOffsets.count)"))
        }
        let begin = raw.dataOffsets[0], end = raw.dataOffsets[1]
        guard begin >= 0, begin <= end, end <= dataSize else {
            throw CheckpointError(file: file, tensor: name, problem: .offsetsOutOfRange(begin: begin, end: end, dataSize: dataSize))
        }
        var bytes = dtype.byteSize
        for dimension in raw.shape {
            let (product, overflow) = bytes.multipliedReportingOverflow(by: dimension)
            guard !overflow else {
                throw CheckpointError(file: file, tensor: name,
                                      problem: .byteSpanMismatch(shape: raw.shape, dtype: dtype.rawValue, bytes: end - begin))
            }
            bytes = product
        }
        guard bytes == end - begin else {
            throw CheckpointError(file: file, tensor: name,
                                  problem: .byteSpanMismatch(shape: raw.shape, dtype: dtype.rawValue, bytes: end - begin))
        }
        return SafeTensorsFile.Entry(name: name, dtype: dtype, shape: raw.shape, byteRange: begin..<end)
    }

    /// Tensors must tile the data section exactly, as the reference reader requires.
    private static func checkCoverage(_ entries: some Sequence<SafeTensorsFile.Entry>, dataSize: Int, file: String) throws {
        let ordered = entries.sorted {
            ($0.byteRange.lowerBound, $0.byteRange.upperBound, $0.name) < ($1.byteRange.lowerBound, $1.byteRange.upperBound, $1.name)
        }
        var covered = 0
        var previous: String?
        for entry in ordered {
            if entry.byteRange.lowerBound < covered, let previous {
                throw CheckpointError(file: file, tensor: entry.name, problem: .overlapping(other: previous))
            }
            if entry.byteRange.lowerBound > covered {
                throw CheckpointError(file: file, tensor: entry.name,
                                      problem: .unusedBytes(begin: covered, end: entry.byteRange.lowerBound))
            }
            covered = entry.byteRange.upperBound
            previous = entry.name
        }
        if covered < dataSize {
            throw CheckpointError(file: file, problem: .unusedBytes(begin: covered, end: dataSize))
        }
    }

    private static func describe(_ error: DecodingError, file: String) -> CheckpointError {
        func tensorName(_ path: [any CodingKey]) -> String? { path.first?.stringValue }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return CheckpointError(file: file, problem: .malformedHeader(reason: "not valid JSON"))
        case .dataCorrupted(let context):
            return CheckpointError(file: file, tensor: tensorName(context.codingPath),
                                   problem: .malformedHeader(reason: context.debugDescription))
        case .keyNotFound(let key, let context):
            return CheckpointError(file: file, tensor: tensorName(context.codingPath),
                                   problem: .malformedHeader(reason: "missing '\(key.stringValue)'"))
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let field = context.codingPath.dropFirst().map(\.stringValue).first ?? "entry"
            return CheckpointError(file: file, tensor: tensorName(context.codingPath),
                                   problem: .malformedHeader(reason: "'\(field)' has the wrong type"))
        @unknown default:
            return CheckpointError(file: file, problem: .malformedHeader(reason: "undecodable header"))
        }
    }
}

/// The header's JSON as written: tensor entries plus the optional `__metadata__` string map.
private struct RawHeader: Decodable {
    var metadata: [String: String] = [:]
    var tensors: [String: RawEntry] = [:]

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        for key in container.allKeys {
            if key.stringValue == "__metadata__" {
                metadata = try container.decode([String: String].self, forKey: key)
            } else {
                tensors[key.stringValue] = try container.decode(RawEntry.self, forKey: key)
            }
        }
    }
}

private struct RawEntry: Decodable {
    var dtype: String
    var shape: [Int]
    var dataOffsets: [Int]

    enum CodingKeys: String, CodingKey {
        case dtype, shape, dataOffsets = "data_offsets"
    }
}
