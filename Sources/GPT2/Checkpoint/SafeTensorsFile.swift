import Foundation

/// A validated, memory-mapped safetensors file: 8-byte little-endian header length, JSON header, raw data.
/// Opening checks every entry (dtype, shape × size = span, offsets in range, no overlap, no gap);
/// tensors are converted to `Float` or `Int64` only when asked for.
public struct SafeTensorsFile: Sendable {
    /// One tensor's header entry; `byteRange` is relative to the start of the data section.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var dtype: SafeTensorsDType
        public var shape: [Int]
        public var byteRange: Range<Int>
        public var elementCount: Int { shape.reduce(1, *) }
    }

    /// Integer tensor values (I64, I32, ... widened), e.g. token ids and labels in fixtures.
    public struct IntegerTensor: Sendable, Equatable {
        public var shape: [Int]
        public var values: [Int64]

        public init(shape: [Int], values: [Int64]) {
            self.shape = shape
            self.values = values
        }
    }

    public let url: URL
    /// The header's `__metadata__` string map (empty when absent).
    public let metadata: [String: String]
    public let entries: [String: Entry]
    private let storage: MappedFile
    private let dataStart: Int

    /// Tensor names in sorted order.
    public var names: [String] { entries.keys.sorted() }

    public init(contentsOf url: URL) throws {
        let storage = try MappedFile(url: url)
        let header = try SafeTensorsHeader.parse(storage.bytes, file: url.path)
        self.url = url
        self.storage = storage
        self.metadata = header.metadata
        self.entries = header.entries
        self.dataStart = header.dataStart
    }

    public func entry(named name: String) throws -> Entry {
        guard let entry = entries[name] else {
            throw CheckpointError(file: url.path, tensor: name, problem: .missingTensor)
        }
        return entry
    }

    /// The tensor as `Float` values: F32 as stored, F16/BF16/F64 converted.
    public func floats(_ name: String) throws -> HostTensor {
        let entry = try entry(named: name)
        let count = entry.elementCount
        let source = UnsafeRawBufferPointer(rebasing: storage.bytes[(dataStart + entry.byteRange.lowerBound)...]
            .prefix(entry.byteRange.count))
        let values: [Float]
        switch entry.dtype {
        case .f32:
            values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
                #if _endian(big)
                for index in 0..<count { buffer[index] = Float(bitPattern: UInt32(littleEndian: buffer[index].bitPattern)) }
                #endif
                initialized = count
            }
        case .f16:
            values = Self.widen(source, count: count) { HalfPrecision.float(halfBits: $0) }
        case .bf16:
            values = Self.widen(source, count: count) { HalfPrecision.float(bfloat16Bits: $0) }
        case .f64:
            values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                for index in 0..<count {
                    let bits = UInt64(littleEndian: source.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
                    buffer[index] = Float(Double(bitPattern: bits))
                }
                initialized = count
            }
        case .i64, .i32, .i16, .i8, .u8, .bool:
            throw CheckpointError(file: url.path, tensor: name,
                                  problem: .wrongDType(found: entry.dtype.rawValue, expected: "F32, F16, BF16 or F64"))
        }
        return HostTensor(shape: entry.shape, values: values)
    }

    /// The tensor as `Int64` values: I64 as stored, narrower integers and BOOL widened.
    public func integers(_ name: String) throws -> IntegerTensor {
        let entry = try entry(named: name)
        let count = entry.elementCount
        let source = UnsafeRawBufferPointer(rebasing: storage.bytes[(dataStart + entry.byteRange.lowerBound)...]
            .prefix(entry.byteRange.count))
        var values = [Int64](repeating: 0, count: count)
        switch entry.dtype {
        case .i64:
            for index in 0..<count {
                values[index] = Int64(littleEndian: source.loadUnaligned(fromByteOffset: index * 8, as: Int64.self))
            }
        case .i32:
            for index in 0..<count {
                values[index] = Int64(Int32(littleEndian: source.loadUnaligned(fromByteOffset: index * 4, as: Int32.self)))
            }
        case .i16:
            for index in 0..<count {
                values[index] = Int64(Int16(littleEndian: source.loadUnaligned(fromByteOffset: index * 2, as: Int16.self)))
            }
        case .i8:
            for index in 0..<count { values[index] = Int64(Int8(bitPattern: source[index])) }
        case .u8, .bool:
            for index in 0..<count { values[index] = Int64(source[index]) }
        case .f64, .f32, .f16, .bf16:
            throw CheckpointError(file: url.path, tensor: name,
                                  problem: .wrongDType(found: entry.dtype.rawValue, expected: "I64, I32, I16, I8, U8 or BOOL"))
        }
        return IntegerTensor(shape: entry.shape, values: values)
    }

    private static func widen(_ source: UnsafeRawBufferPointer, count: Int, _ convert: (UInt16) -> Float) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count {
                buffer[index] = convert(UInt16(littleEndian: source.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self)))
            }
            initialized = count
        }
    }
}
