/// Python's `re` character classes on `str`, which the LoRA repo's and TGen's text handling rely on.
enum TextClass {
    /// `\w`: letters, numbers (any numeric category) and `_`.
    static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
                || value == 0x5F
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// `\d`: decimal digits.
    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? (0x30...0x39).contains(scalar.value) : scalar.properties.generalCategory == .decimalNumber
    }

    /// `\s` and `str.split()`'s separators.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || (0x09...0x0D).contains(scalar.value) || (0x1C...0x1F).contains(scalar.value) }
        return scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
    }

    /// `[^\W\d_]`: a word character that is neither a digit nor `_`.
    static func isLetterLike(_ scalar: Unicode.Scalar) -> Bool {
        isWord(scalar) && !isDigit(scalar) && scalar != "_"
    }

    /// Splits at whitespace and rejoins with single spaces (Python's `" ".join(s.split())`).
    static func normalizeSpaces(_ scalars: [Unicode.Scalar]) -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(scalars.count + 8)
        var pendingSpace = false
        for scalar in scalars {
            if isSpace(scalar) {
                pendingSpace = !utf8.isEmpty
                continue
            }
            if pendingSpace {
                utf8.append(0x20)
                pendingSpace = false
            }
            if scalar.isASCII {
                utf8.append(UInt8(scalar.value))
            } else {
                utf8.append(contentsOf: UTF8.encode(scalar).unsafelyUnwrapped)
            }
        }
        return String(decoding: utf8, as: UTF8.self)
    }
}
