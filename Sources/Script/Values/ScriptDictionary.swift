/// A dictionary that keeps insertion order, so display and fingerprints are deterministic.
public struct ScriptDictionary: Hashable, Sendable {
    public private(set) var keys: [Value] = []
    public private(set) var values: [Value] = []
    private var positions: [Value: Int] = [:]

    public init() {}

    /// Builds from pairs in order; a repeated key keeps its first position and takes the later value.
    public init(_ pairs: [(key: Value, value: Value)]) {
        for pair in pairs { self[pair.key] = pair.value }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }
    public var pairs: [(key: Value, value: Value)] { Array(zip(keys, values)).map { (key: $0.0, value: $0.1) } }

    /// The value for `key`; setting `nil` removes the entry.
    public subscript(key: Value) -> Value? {
        get { positions[key].map { values[$0] } }
        set {
            if let position = positions[key] {
                if let newValue {
                    values[position] = newValue
                } else {
                    keys.remove(at: position)
                    values.remove(at: position)
                    positions = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($0.element, $0.offset) })
                }
            } else if let newValue {
                positions[key] = keys.count
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    /// Changes the value for `key` in place (`nil` when absent); a result of `nil` removes the entry.
    mutating func updateValue(forKey key: Value, _ body: (inout Value) throws -> Void) rethrows {
        guard let position = positions[key] else {
            var value = Value.null
            try body(&value)
            if value != .null { self[key] = value }
            return
        }
        var value = values[position]
        values[position] = .null
        defer {
            if value == .null { self[key] = nil } else { values[position] = value }
        }
        try body(&value)
    }

    public static func == (lhs: ScriptDictionary, rhs: ScriptDictionary) -> Bool {
        lhs.keys == rhs.keys && lhs.values == rhs.values
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(keys)
        hasher.combine(values)
    }
}
