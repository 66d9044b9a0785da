import Foundation

extension SafeTensorsFile {
    /// A tensor to write: float values as F32, or integers as I64.
    public enum Payload: Sendable, Equatable {
        case float32(HostTensor)
        case int64(IntegerTensor)

        var dtype: SafeTensorsDType {
            switch self {
            case .float32: return .f32
            case .int64: return .i64
            }
        }

        var shape: [Int] {
            switch self {
            case .float32(let tensor): return tensor.shape
            case .int64(let tensor): return tensor.shape
            }
        }

        var byteCount: Int {
            switch self {
            case .float32(let tensor): return tensor.values.count * 4
            case .int64(let tensor): return tensor.values.count * 8
            }
        }
    }

    /// Writes `tensors` to `url` atomically, laid out as Hugging Face's writer does: wider dtypes first,
    /// then by name; the JSON header padded with spaces to a multiple of 8 bytes.
    public static func write(_ tensors: [String: Payload], metadata: [String: String] = [:], to url: URL) throws {
        for (name, payload) in tensors {
            guard !name.isEmpty, name != "__metadata__" else {
                throw CheckpointError(file: url.path, tensor: name, problem: .invalidTensor(reason: "is not a valid tensor name"))
            }
            if case .int64(let tensor) = payload {
                guard tensor.shape.allSatisfy({ $0 >= 0 }), tensor.shape.reduce(1, *) == tensor.values.count else {
                    throw CheckpointError(file: url.path, tensor: name,
                                          problem: .invalidTensor(reason: "shape \(tensor.shape) does not hold \(tensor.values.count) values"))
                }
            }
        }
        let ordered = tensors.sorted { left, right in
            let leftSize = left.value.dtype.byteSize, rightSize = right.value.dtype.byteSize
            return leftSize != rightSize ? leftSize > rightSize : left.key.utf8.lexicographicallyPrecedes(right.key.utf8)
        }
        let header = headerBytes(ordered, metadata: metadata)
        try AtomicOutput.writeFile(to: url) { sink in
            var length = UInt64(header.count).littleEndian
            try withUnsafeBytes(of: &length) { try sink.write($0) }
            try sink.write(header)
            for (_, payload) in ordered {
                switch payload {
                case .float32(let tensor):
                    #if _endian(big)
                    try tensor.values.map { $0.bitPattern.littleEndian }.withUnsafeBytes { try sink.write($0) }
                    #else
                    try tensor.values.withUnsafeBytes { try sink.write($0) }
                    #endif
                case .int64(let tensor):
                    try tensor.values.map { $0.littleEndian }.withUnsafeBytes { try sink.write($0) }
                }
            }
        }
    }

    private static func headerBytes(_ ordered: [(key: String, value: Payload)], metadata: [String: String]) -> [UInt8] {
        var parts: [String] = []
        if !metadata.isEmpty {
            let fields = metadata.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                .map { "\(JSONText.quoted($0.key)):\(JSONText.quoted($0.value))" }
            parts.append("\"__metadata__\":{\(fields.joined(separator: ","))}")
        }
        var offset = 0
        for (name, payload) in ordered {
            let end = offset + payload.byteCount
            let shape = payload.shape.map(String.init).joined(separator: ",")
            parts.append("\(JSONText.quoted(name)):{\"dtype\":\"\(payload.dtype.rawValue)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        var bytes = Array("{\(parts.joined(separator: ","))}".utf8)
        while bytes.count % 8 != 0 { bytes.append(UInt8(ascii: " ")) }
        return bytes
    }
}

/// JSON string literals for hand-built headers, whose key order matters and `JSONSerialization` would not keep.
enum JSONText {
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
