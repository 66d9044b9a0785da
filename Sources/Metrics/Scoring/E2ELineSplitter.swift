/// Python's `str.splitlines()` over valid UTF-8 that may arrive in pieces of any size: a line ends at \n, \r,
/// \r\n (also when the two arrive in different pieces), \v, \f, \x1c-\x1e, U+0085, U+2028 or U+2029, and a final
/// line break does not start another line. Each line comes out `str.strip()`ped. It holds the bytes of one line.
struct E2ELineSplitter {
    private var line: [UInt8] = []
    private var afterCR = false
    /// Lines returned so far (the number of the last one).
    private(set) var count = 0

    /// The next line that ends within `bytes[position...]`, with `position` moved past its line break; nil when
    /// the bytes end first (what they held of a line is kept for the next call).
    mutating func next(in bytes: UnsafeBufferPointer<UInt8>, position: inout Int) -> String? {
        var index = position
        if afterCR, index < bytes.count {
            afterCR = false
            if bytes[index] == 0x0A { index += 1 }
        }
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            let breakLength: Int
            switch byte {
            case 0x0A...0x0D, 0x1C...0x1E: breakLength = 1
            // U+0085 is C2 85; U+2028/9 are E2 80 A8/A9 (in valid UTF-8, 85, A8 and A9 are never lead bytes).
            case 0x85: breakLength = Self.byte(1, before: index, bytes, start, line) == 0xC2 ? 2 : 0
            case 0xA8, 0xA9:
                breakLength = Self.byte(1, before: index, bytes, start, line) == 0x80
                    && Self.byte(2, before: index, bytes, start, line) == 0xE2 ? 3 : 0
            default: breakLength = 0
            }
            guard breakLength > 0 else {
                index += 1
                continue
            }
            line.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            line.removeLast(breakLength - 1)
            position = index + 1
            afterCR = byte == 0x0D
            return takeLine()
        }
        line.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        position = bytes.count
        return nil
    }

    /// The last line when the text does not end with a line break; call once the bytes have ended.
    mutating func finish() -> String? {
        line.isEmpty ? nil : takeLine()
    }

    private mutating func takeLine() -> String {
        count += 1
        defer { line.removeAll(keepingCapacity: true) }
        return line.withUnsafeBufferPointer(Self.stripped)
    }

    /// The byte `distance` places before `index`, looking back into the held line when the piece starts later.
    private static func byte(_ distance: Int, before index: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int,
                             _ line: [UInt8]) -> UInt8? {
        let at = index - distance
        if at >= start { return bytes[at] }
        let held = line.count - (start - at)
        return held >= 0 ? line[held] : nil
    }

    /// Python's `str.strip()` of valid UTF-8.
    static func stripped(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var low = 0
        var high = bytes.count
        while low < high {
            let (scalar, length) = scalar(at: low, bytes)
            guard MTEvalTokenizer.isPythonWhitespace(scalar) else { break }
            low += length
        }
        while high > low {
            var start = high - 1
            while bytes[start] & 0xC0 == 0x80 { start -= 1 }
            guard MTEvalTokenizer.isPythonWhitespace(scalar(at: start, bytes).scalar) else { break }
            high = start
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[low..<high]), as: UTF8.self)
    }

    /// The scalar that starts at `index` of valid UTF-8, and its length in bytes.
    private static func scalar(at index: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> (scalar: Unicode.Scalar, length: Int) {
        let lead = UInt32(bytes[index])
        let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        var value = length == 1 ? lead : lead & (0x7F >> UInt32(length))
        for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }
}
