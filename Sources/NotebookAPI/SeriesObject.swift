import DataStore
import Foundation
import Report
import Runner
import Script

/// A named sequence of (x, y) points, such as a loss curve; `plot` draws a list of them.
public final class SeriesObject: ReportableObject, PersistableObject, @unchecked Sendable {
    public let name: String
    public let x: [Double]
    public let y: [Double]
    /// What the numbers are, for `results.json` (`loss` for loss curves).
    public let kind: ResultKind

    public init(name: String, x: [Double], y: [Double], kind: ResultKind = .loss) {
        self.name = name
        self.x = x
        self.y = y
        self.kind = kind
    }

    public var typeName: String { "Series" }
    public var memberNames: [String] { ["name", "x", "y", "count", "last", "first", "minimum", "minimumStep"] }
    public var methodNames: [String] { ["named", "smoothed"] }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "name": return .string(self.name)
        case "x": return .array(x.map(Value.double))
        case "y": return .array(y.map(Value.double))
        case "count": return .int(y.count)
        case "last": return y.last.map(Value.double) ?? .null
        case "first": return y.first.map(Value.double) ?? .null
        case "minimum": return y.min().map(Value.double) ?? .null
        case "minimumStep":
            guard let index = y.indices.min(by: { y[$0] < y[$1] }) else { return .null }
            return .double(x[index])
        default: return nil
        }
    }

    public func method(_ name: String) -> Builtin? {
        switch name {
        case "named":
            return Builtin("named", parameters: [.unlabeled("name", .string)],
                           summary: "The same points under another name, for a legend.") { [self] arguments, _ in
                .object(SeriesObject(name: try arguments.string("name"), x: x, y: y, kind: kind))
            }
        case "smoothed":
            return Builtin("smoothed", parameters: [.unlabeled("factor", .double)],
                           summary: "The exponential moving average of the values (factor 0.9 keeps 90% of the running mean at each point).") { [self] arguments, _ in
                let factor = try arguments.double("factor")
                guard factor >= 0 && factor < 1 else {
                    throw NotebookAPIError("smoothed(_:) takes a factor in [0, 1), got \(factor)")
                }
                return .object(SeriesObject(name: self.name, x: x, y: ExponentialMovingAverage.smooth(y, factor: factor),
                                            kind: kind))
            }
        default:
            return nil
        }
    }

    public var fingerprint: String {
        var key = CacheKey()
        key.add("series", name)
        key.add("kind", kind.rawValue)
        key.add("x", x.map { String($0.bitPattern, radix: 16) }.joined(separator: ","))
        key.add("y", y.map { String($0.bitPattern, radix: 16) }.joined(separator: ","))
        return key.digest
    }

    public var summary: String { "Series \(name) (\(y.count) points)" }

    public var reportOutputs: [CellOutput] {
        [.figure(Chart(title: name, xLabel: "x", yLabel: "y", series: [ChartSeries(name: name, x: x, y: y)]))]
    }

    public func resultEntries(key: String) -> [ResultEntry] {
        guard let last = y.last else { return [] }
        var entries = [ResultEntry(key: "\(key).last", kind: kind, number: last),
                       ResultEntry(key: "\(key).count", kind: .count, number: Double(y.count))]
        if let minimum = y.min() { entries.append(ResultEntry(key: "\(key).minimum", kind: kind, number: minimum)) }
        return entries
    }

    struct Stored: Codable {
        var name: String
        var x: [UInt64]
        var y: [UInt64]
        var kind: ResultKind
    }

    public func persist(to directory: URL) throws {
        let stored = Stored(name: name, x: x.map(\.bitPattern), y: y.map(\.bitPattern), kind: kind)
        try JSONEncoder().encode(stored).write(to: directory.appendingPathComponent("series.json"))
    }

    public static let restorer: ObjectRestorer = { directory in
        let stored = try JSONDecoder().decode(Stored.self, from: Data(contentsOf: directory.appendingPathComponent("series.json")))
        return SeriesObject(name: stored.name, x: stored.x.map(Double.init(bitPattern:)),
                            y: stored.y.map(Double.init(bitPattern:)), kind: stored.kind)
    }
}
