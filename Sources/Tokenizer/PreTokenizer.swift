/// GPT-2's split of text into pieces before BPE, implemented by hand with the exact semantics of its pattern
/// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+` (leftmost alternative wins).
enum PreTokenizer {
    /// The character class of a scalar, as the pattern sees it.
    enum Kind: UInt8 {
        case letter, number, whitespace, other
    }

    static func kind(of scalar: Unicode.Scalar) -> Kind {
        if scalar.isASCII { return asciiKinds[Int(scalar.value)] }
        let properties = scalar.properties
        if properties.isWhitespace { return .whitespace }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return .letter
        case .decimalNumber, .letterNumber, .otherNumber:
            return .number
        default:
            return .other
        }
    }

    private static let asciiKinds: [Kind] = (0..<128).map { value -> Kind in
        let byte = UInt8(value)
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): return .letter
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        case 0x09...0x0D, 0x20: return .whitespace
        default: return .other
        }
    }

    /// The byte ranges of the pieces of valid UTF-8 `bytes`, in order; together they cover every byte.
    static func pieces(of bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var starts: [Int] = []
        var kinds: [Kind] = []
        starts.reserveCapacity(bytes.count + 1)
        kinds.reserveCapacity(bytes.count)
        var offset = 0
        while offset < bytes.count {
            let lead = bytes[offset]
            starts.append(offset)
            if lead < 0x80 {
                kinds.append(asciiKinds[Int(lead)])
                offset += 1
                continue
            }
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            var value = UInt32(lead) & (length == 4 ? 0x07 : length == 3 ? 0x0F : 0x1F)
            for index in 1..<length where offset + index < bytes.count {
                value = value << 6 | (UInt32(bytes[offset + index]) & 0x3F)
            }
            kinds.append(Unicode.Scalar(value).map(kind(of:)) ?? .other)
            offset += length
        }
        starts.append(bytes.count)

        let count = kinds.count
        var pieces: [Range<Int>] = []
        pieces.reserveCapacity(count / 3 + 1)
        var index = 0
        func byte(_ scalarIndex: Int) -> UInt8 { bytes[starts[scalarIndex]] }
        while index < count {
            let end = pieceEnd(from: index, count: count, kinds: kinds, byte: byte)
            pieces.append(starts[index]..<starts[end])
            index = end
        }
        return pieces
    }

    /// Where the piece starting at scalar `start` ends (exclusive), trying the alternatives in pattern order.
    private static func pieceEnd(from start: Int, count: Int, kinds: [Kind], byte: (Int) -> UInt8) -> Int {
        let apostrophe = UInt8(ascii: "'")
        if byte(start) == apostrophe, start + 1 < count {
            switch byte(start + 1) {
            case UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "m"), UInt8(ascii: "d"):
                return start + 2
            case UInt8(ascii: "r"), UInt8(ascii: "v"):
                if start + 2 < count, byte(start + 2) == UInt8(ascii: "e") { return start + 3 }
            case UInt8(ascii: "l"):
                if start + 2 < count, byte(start + 2) == UInt8(ascii: "l") { return start + 3 }
            default:
                break
            }
        }
        var runStart = start
        if byte(start) == UInt8(ascii: " "), start + 1 < count, kinds[start + 1] != .whitespace {
            runStart = start + 1
        }
        let kind = kinds[runStart]
        if kind != .whitespace {
            var end = runStart + 1
            while end < count, kinds[end] == kind { end += 1 }
            return end
        }
        var end = start + 1
        while end < count, kinds[end] == .whitespace { end += 1 }
        if end == count || end - start == 1 { return end }
        return end - 1
    }
}
