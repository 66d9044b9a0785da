/// Character classes of Stanford CoreNLP 3.4.1's PTBLexer, as the coco-caption tokenizer meets them.
enum PTBCharacterClasses {
    static func isLetter(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x80 { return isASCIILetter(s) }
        return switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        default: false
        }
    }

    static func isDigit(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x80 ? isASCIIDigit(s) : s.properties.generalCategory == .decimalNumber
    }
    static func isLetterOrDigit(_ s: Unicode.Scalar) -> Bool { isLetter(s) || isDigit(s) }
    /// Marks and a few other code points the lexer lets continue a word.
    static func isWordExtension(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x80 { return false }
        return switch s.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: s.value == 0xAD
        }
    }

    static func isASCIILetter(_ s: Unicode.Scalar) -> Bool {
        (s.value >= 0x41 && s.value <= 0x5A) || (s.value >= 0x61 && s.value <= 0x7A)
    }

    static func isASCIIDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }
    static func isASCIIAlphanumeric(_ s: Unicode.Scalar) -> Bool { isASCIILetter(s) || isASCIIDigit(s) }
    static func isUppercase(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x80 ? (s.value >= 0x41 && s.value <= 0x5A) : s.properties.generalCategory == .uppercaseLetter
    }

    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x20, 0x09, 0xA0, 0x2000...0x200A, 0x3000: true
        default: false
        }
    }

    static func isNewline(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x0A, 0x0D, 0x2028, 0x2029, 0x0B, 0x0C, 0x85: true
        default: false
        }
    }

    static func isSpaceOrNewline(_ s: Unicode.Scalar) -> Bool { isSpace(s) || isNewline(s) }

    /// Characters skipped without a token.
    static func isIgnorable(_ s: Unicode.Scalar) -> Bool {
        s.value == 0 || s.value == 0x200B || s.value == 0x200E || s.value == 0x200F || s.value == 0xFEFF
    }

    /// Apostrophes: straight, CP1252 right quote, Unicode right single quote.
    static func isApostrophe(_ s: Unicode.Scalar) -> Bool { s == "'" || s.value == 0x92 || s.value == 0x2019 }
    /// Apostrophes plus the marks that wrongly stand for them inside words.
    static func isApostropheLike(_ s: Unicode.Scalar) -> Bool {
        isApostrophe(s) || s == "`" || s.value == 0x91 || s.value == 0x2018 || s.value == 0x201B
    }

    /// Hyphens allowed inside a hyphenated word.
    static func isWordHyphen(_ s: Unicode.Scalar) -> Bool {
        s == "-" || s == "_" || s.value == 0x58A || s.value == 0x2010 || s.value == 0x2011
    }

    static func isQuote(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x27, 0x60, 0x2018...0x201F, 0x91...0x94, 0x2039, 0x203A, 0xAB, 0xBB: true
        default: false
        }
    }

    /// Dashes the PTB3 conventions write as `--`.
    static func isLongDash(_ s: Unicode.Scalar) -> Bool {
        s.value == 0x96 || s.value == 0x97 || (s.value >= 0x2013 && s.value <= 0x2015)
    }

    /// Currency signs other than `$` and `#`.
    static func isOtherCurrency(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0xA2, 0xA3, 0xA4, 0xA5, 0x80, 0x20A0, 0x20AC, 0x60B, 0xE3F, 0x20A4, 0xFFE0, 0xFFE1, 0xFFE5, 0xFFE6: true
        default: false
        }
    }

    /// Stand-alone symbols the lexer keeps as one-character tokens.
    static func isMiscSymbol(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0xA6...0xA9, 0xAC, 0xAE...0xBA, 0xD7, 0xF7, 0x2020...0x2023, 0x2032...0x2038, 0x2044, 0x207A...0x207F,
             0x2100...0x214F, 0x2190...0x23FF, 0x2600...0x26FF:
            true
        default: false
        }
    }
}
