/// A checkpoint, safetensors or adapter file that cannot be read or written, naming the file and the tensor.
public struct CheckpointError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong, as a value tests and callers can match.
    public enum Problem: Equatable, Sendable {
        case unreadable(reason: String)
        case truncated(fileSize: Int)
        case headerPastEnd(headerLength: UInt64, fileSize: Int)
        case malformedHeader(reason: String)
        case unknownDType(String)
        case byteSpanMismatch(shape: [Int], dtype: String, bytes: Int)
        case offsetsOutOfRange(begin: Int, end: Int, dataSize: Int)
        case overlapping(other: String)
        case unusedBytes(begin: Int, end: Int)
        case wrongDType(found: String, expected: String)
        case wrongShape(found: [Int], expected: [Int])
        case missingTensor
        case unexpectedTensor
        case untiedHead
        case badConfig(reason: String)
        case unsupported(reason: String)
        case invalidTensor(reason: String)
        case notFound(looked: [String])
        case writeFailed(reason: String)
    }

    /// The file (or model name) concerned, as the caller named it.
    public var file: String
    /// The tensor concerned, when the problem is about one tensor.
    public var tensor: String?
    public var problem: Problem

    public init(file: String, tensor: String? = nil, problem: Problem) {
        self.file = file
        self.tensor = tensor
        self.problem = problem
    }

    public var description: String {
        let subject = tensor.map { "tensor '\($0)' " } ?? ""
        switch problem {
        case .unreadable(let reason):
            return "\(file): cannot read: \(reason)"
        case .truncated(let fileSize):
            return "\(file): truncated: \(fileSize) bytes, fewer than the 8-byte header length"
        case .headerPastEnd(let headerLength, let fileSize):
            return "\(file): header length \(headerLength) runs past the end of the \(fileSize)-byte file"
        case .malformedHeader(let reason):
            return "\(file): \(subject.isEmpty ? "" : subject)malformed header: \(reason)"
        case .unknownDType(let dtype):
            return "\(file): \(subject)has unknown dtype '\(dtype)'"
        case .byteSpanMismatch(let shape, let dtype, let bytes):
            return "\(file): \(subject)has shape \(shape) of \(dtype) but spans \(bytes) bytes"
        case .offsetsOutOfRange(let begin, let end, let dataSize):
            return "\(file): \(subject)has data_offsets [\(begin), \(end)] outside the \(dataSize)-byte data section"
        case .overlapping(let other):
            return "\(file): \(subject)overlaps tensor '\(other)'"
        case .unusedBytes(let begin, let end):
            return "\(file): bytes \(begin)..<\(end) of the data section belong to no tensor"
                + (tensor.map { " (gap before '\($0)')" } ?? "")
        case .wrongDType(let found, let expected):
            return "\(file): \(subject)has dtype \(found), expected \(expected)"
        case .wrongShape(let found, let expected):
            return "\(file): \(subject)has shape \(found), expected \(expected)"
        case .missingTensor:
            return "\(file): \(subject)is missing"
        case .unexpectedTensor:
            return "\(file): \(subject)is not a parameter of this model"
        case .untiedHead:
            return "\(file): \(subject)differs from 'transformer.wte.weight'; only tied LM heads are supported"
        case .badConfig(let reason):
            return "\(file): \(reason)"
        case .unsupported(let reason):
            return "\(file): \(subject)unsupported: \(reason)"
        case .invalidTensor(let reason):
            return "\(file): \(subject)\(reason)"
        case .notFound(let looked):
            return "\(file): no checkpoint found; looked in \(looked.joined(separator: ", "))"
        case .writeFailed(let reason):
            return "\(file): cannot write: \(reason)"
        }
    }
}
