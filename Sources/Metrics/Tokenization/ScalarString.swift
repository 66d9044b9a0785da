extension String {
    /// A string from Unicode scalars, encoded in one pass (appending scalars to a `UnicodeScalarView` one at a
    /// time is slow on Linux).
    init<S: Sequence>(scalars: S) where S.Element == Unicode.Scalar {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.underestimatedCount * 2)
        for scalar in scalars { UTF8.encode(scalar) { bytes.append($0) } }
        self = String(decoding: bytes, as: UTF8.self)
    }
}
