import Foundation
import Script

/// A `Value` as the cell cache writes it: doubles by bit pattern (exact, NaN and infinities included),
/// host objects as folders written by `PersistableObject`.
indirect enum StoredValue: Codable, Equatable {
    case int(Int)
    case double(UInt64)
    case string(String)
    case bool(Bool)
    case null
    case array([StoredValue])
    case dictionary(keys: [StoredValue], values: [StoredValue])
    case symbol(name: String, labels: [String?], values: [StoredValue])
    case object(type: String, folder: String)

    /// Stores `value`; objects go into numbered folders under `directory`.
    static func store(_ value: Value, in directory: URL, counter: inout Int) throws -> StoredValue {
        switch value {
        case .int(let v): return .int(v)
        case .double(let v): return .double(v.bitPattern)
        case .string(let v): return .string(v)
        case .bool(let v): return .bool(v)
        case .null: return .null
        case .array(let items):
            return .array(try items.map { try store($0, in: directory, counter: &counter) })
        case .dictionary(let dictionary):
            let pairs = dictionary.pairs
            return .dictionary(keys: try pairs.map { try store($0.key, in: directory, counter: &counter) },
                               values: try pairs.map { try store($0.value, in: directory, counter: &counter) })
        case .symbol(let symbol):
            return .symbol(name: symbol.name, labels: symbol.arguments.map(\.label),
                           values: try symbol.arguments.map { try store($0.value, in: directory, counter: &counter) })
        case .object(let object):
            guard let persistable = object as? PersistableObject else {
                throw NotCacheable(typeName: object.typeName)
            }
            counter += 1
            let folder = "object-\(counter)"
            let url = directory.appendingPathComponent(folder, isDirectory: true)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            try persistable.persist(to: url)
            return .object(type: object.typeName, folder: folder)
        }
    }

    func restore(from directory: URL, restorers: [String: ObjectRestorer]) throws -> Value {
        switch self {
        case .int(let v): return .int(v)
        case .double(let bits): return .double(Double(bitPattern: bits))
        case .string(let v): return .string(v)
        case .bool(let v): return .bool(v)
        case .null: return .null
        case .array(let items): return .array(try items.map { try $0.restore(from: directory, restorers: restorers) })
        case .dictionary(let keys, let values):
            guard keys.count == values.count else {
                throw CacheEntryError(reason: "a stored dictionary has \(keys.count) keys but \(values.count) values")
            }
            let pairs = try zip(keys, values).map {
                (key: try $0.0.restore(from: directory, restorers: restorers),
                 value: try $0.1.restore(from: directory, restorers: restorers))
            }
            return .dictionary(ScriptDictionary(pairs))
        case .symbol(let name, let labels, let values):
            guard labels.count == values.count else {
                throw CacheEntryError(reason: "stored symbol '.\(name)' has \(labels.count) labels but \(values.count) values")
            }
            let arguments = try zip(labels, values).map {
                LabeledValue(label: $0.0, value: try $0.1.restore(from: directory, restorers: restorers))
            }
            return .symbol(Symbol(name, arguments: arguments))
        case .object(let type, let folder):
            guard let restorer = restorers[type] else { throw NotCacheable(typeName: type) }
            guard !folder.isEmpty, !folder.contains("/"), !folder.hasPrefix(".") else {
                throw CacheEntryError(reason: "a stored object names the folder '\(folder)', outside its entry")
            }
            return .object(try restorer(directory.appendingPathComponent(folder, isDirectory: true)))
        }
    }
}

/// A value whose type the cache cannot store; the cell then simply runs every time.
struct NotCacheable: Error, CustomStringConvertible {
    var typeName: String

    var description: String { "values of type '\(typeName)' cannot be cached" }
}
