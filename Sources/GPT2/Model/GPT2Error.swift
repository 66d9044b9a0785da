/// Bad model input: a missing or mis-shaped tensor, a bad batch, an impossible configuration.
/// Each case names its place (tensor name, batch row and position) and describes itself in one line.
public enum GPT2Error: Error, Equatable, CustomStringConvertible {
    case missingTensor(name: String)
    case wrongShape(name: String, expected: [Int], found: [Int])
    case invalidConfig(reason: String)
    case invalidBatch(reason: String)
    case tokenOutOfRange(row: Int, position: Int, token: Int32, vocabSize: Int)
    case sequenceTooLong(length: Int, maximum: Int)
    case loRANotAttached
    case loRAMismatch(reason: String)

    public var description: String {
        switch self {
        case let .missingTensor(name):
            return "tensor '\(name)' is missing"
        case let .wrongShape(name, expected, found):
            return "tensor '\(name)' has shape \(found), expected \(expected)"
        case let .invalidConfig(reason):
            return "invalid GPT-2 configuration: \(reason)"
        case let .invalidBatch(reason):
            return "invalid batch: \(reason)"
        case let .tokenOutOfRange(row, position, token, vocabSize):
            return "batch row \(row), position \(position): token id \(token) is outside the vocabulary 0..<\(vocabSize)"
        case let .sequenceTooLong(length, maximum):
            return "sequence length \(length) exceeds the model's \(maximum) positions"
        case .loRANotAttached:
            return "the model has no LoRA adapter attached"
        case let .loRAMismatch(reason):
            return "LoRA adapter mismatch: \(reason)"
        }
    }
}
