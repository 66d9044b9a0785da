import Foundation

/// Number patterns: numbers, fractions, dates, slashed words, currency signs.
extension PTBLexer {
    func number(at i: Int) -> Int? {
        var j = i
        if text[j] == "-" || text[j] == "+" { j += 1 }
        let digitsStart = j
        while let s = scalar(j), C.isDigit(s) { j += 1 }
        var end = j > digitsStart ? j : nil
        while let s = scalar(j), s == "." || s == ":" || s == "," || s.value == 0xAD || s.value == 0x66B || s.value == 0x66C,
              let d = scalar(j + 1), C.isDigit(d) {
            j += 2
            while let s = scalar(j), C.isDigit(s) { j += 1 }
            end = j
        }
        return end
    }

    /// Runs of 1-4 digits ending exactly at a non-digit; returns the end.
    func shortDigits(at j: Int, max limit: Int) -> Int? {
        var k = j
        while let s = scalar(k), C.isDigit(s) { k += 1 }
        return (k > j && k - j <= limit) ? k : nil
    }

    func fraction(at i: Int) -> Int? {
        func simple(_ j: Int) -> Int? {
            guard let a = shortDigits(at: j, max: 4) else { return nil }
            var k = a
            if scalar(k) == "\\" { k += 1 }
            guard let s = scalar(k), s == "/" || s.value == 0x2044 else { return nil }
            return shortDigits(at: k + 1, max: 4)
        }
        var best = simple(i)
        if let a = shortDigits(at: i, max: 4), let s = scalar(a), s == "-" || s == " " || s.value == 0xA0,
           let end = simple(a + 1) {
            best = max(best ?? 0, end)
        }
        return best
    }

    func date(at i: Int) -> Int? {
        guard let a = shortDigits(at: i, max: 2), let s1 = scalar(a), s1 == "-" || s1 == "/",
              let b = shortDigits(at: a + 1, max: 2), let s2 = scalar(b), s2 == "-" || s2 == "/" else { return nil }
        var k = b + 1
        while let s = scalar(k), C.isDigit(s) { k += 1 }
        return (k - b - 1 >= 2 && k - b - 1 <= 4) ? k : nil
    }

    /// `and/or`, `a/b`, `kid-friendly/family` style slashed words.
    func slashedWords(at i: Int) -> Int? {
        func part(_ j: Int) -> Int? {
            var k = j
            while let s = scalar(k), C.isASCIIAlphanumeric(s) { k += 1 }
            guard k > j else { return nil }
            var hyphens = 0
            while hyphens < 2, scalar(k) == "-" {
                var m = k + 1
                while let s = scalar(m), C.isASCIILetter(s) { m += 1 }
                if m == k + 1 { break }
                k = m
                hyphens += 1
            }
            return k
        }
        guard var end = part(i) else { return nil }
        var slashes = 0
        while slashes < 2 {
            var k = end
            if scalar(k) == "\\" { k += 1 }
            guard scalar(k) == "/", let next = part(k + 1) else { break }
            end = next
            slashes += 1
        }
        return slashes > 0 ? end : nil
    }

    func dollarSign(at i: Int) -> Int? {
        if text[i] == "#" { return i + 1 }
        var j = i
        while let s = scalar(j), s.value >= 0x41 && s.value <= 0x5A { j += 1 }
        return scalar(j) == "$" ? j + 1 : nil
    }

    static func normalisedCurrency(_ c: Unicode.Scalar) -> String {
        switch c.value {
        case 0xA2: "cents"
        case 0xA3: "#"
        case 0x80, 0xA4, 0x20A0, 0x20AC: "$"
        default: String(c)
        }
    }
}
