/// GPT-2's reversible map from the 256 byte values to printable Unicode scalars, used by the vocabulary files.
/// Printable Latin-1 bytes map to themselves; the other 68 bytes take U+0100 onwards, in byte order.
enum ByteAlphabet {
    /// The scalar value standing for each byte.
    static let scalarForByte: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 256)
        var next: UInt32 = 256
        for byte in 0..<256 {
            if (33...126).contains(byte) || (161...172).contains(byte) || (174...255).contains(byte) {
                table[byte] = UInt32(byte)
            } else {
                table[byte] = next
                next += 1
            }
        }
        return table
    }()

    /// The byte a scalar stands for, or nil when the scalar is outside the alphabet.
    static func byte(for scalar: Unicode.Scalar) -> UInt8? {
        let value = scalar.value
        if value < 256 {
            return scalarForByte[Int(value)] == value ? UInt8(value) : nil
        }
        return byteForExtendedScalar[value]
    }

    private static let byteForExtendedScalar: [UInt32: UInt8] = {
        var table: [UInt32: UInt8] = [:]
        for (byte, scalar) in scalarForByte.enumerated() where scalar >= 256 {
            table[scalar] = UInt8(byte)
        }
        return table
    }()

    /// The raw bytes a vocabulary-file token spells, or nil at the first scalar outside the alphabet
    /// (returned as `offending`).
    static func bytes(of token: some Sequence<Unicode.Scalar>) -> Result<[UInt8], OutsideAlphabet> {
        var bytes: [UInt8] = []
        for scalar in token {
            guard let byte = byte(for: scalar) else { return .failure(OutsideAlphabet(scalar: scalar)) }
            bytes.append(byte)
        }
        return .success(bytes)
    }

    struct OutsideAlphabet: Error {
        var scalar: Unicode.Scalar
        var message: String {
            "U+\(String(scalar.value, radix: 16, uppercase: true)) is not in GPT-2's byte alphabet"
        }
    }
}
