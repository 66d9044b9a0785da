import Foundation

/// The points of a parameter sweep: `--grid name=v1,v2,...` axes, every combination, the first axis varying slowest.
public struct SweepGrid: Sendable, Equatable {
    public struct Axis: Sendable, Equatable {
        public var name: String
        public var values: [String]
    }

    public var axes: [Axis]

    /// Reads `name=v1,v2,...` specs; a malformed spec, an empty value or a repeated name is one error naming it.
    public init(parsing specs: [String]) throws {
        guard !specs.isEmpty else { throw SweepError("a sweep needs at least one --grid name=v1,v2,...") }
        var axes: [Axis] = []
        for spec in specs {
            guard let equals = spec.firstIndex(of: "="), equals != spec.startIndex else {
                throw SweepError("--grid '\(spec)': expected name=v1,v2,...")
            }
            let name = String(spec[..<equals])
            let values = spec[spec.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false)
                .map { String($0).trimmingCharacters(in: .whitespaces) }
            guard !values.contains(where: \.isEmpty) else { throw SweepError("--grid '\(spec)': a value is empty") }
            guard Set(values).count == values.count else { throw SweepError("--grid '\(spec)': a value is repeated") }
            guard !axes.contains(where: { $0.name == name }) else { throw SweepError("--grid: '\(name)' is given twice") }
            axes.append(Axis(name: name, values: values))
        }
        self.axes = axes
    }

    public var points: [SweepPoint] {
        axes.reduce([SweepPoint(values: [])]) { partial, axis in
            partial.flatMap { point in axis.values.map { SweepPoint(values: point.values + [(axis.name, $0)]) } }
        }
    }
}

/// One combination of a sweep's parameter values.
public struct SweepPoint: Sendable, Equatable {
    public var values: [(name: String, value: String)]

    public static func == (left: SweepPoint, right: SweepPoint) -> Bool { left.label == right.label }

    public func value(of name: String) -> String? { values.first { $0.name == name }?.value }

    /// `--set` overrides: `loraRank=4`.
    public var overrides: [String] { values.map { "\($0.name)=\($0.value)" } }

    /// `loraRank=4, loraLR=1e-3`.
    public var label: String { overrides.joined(separator: ", ") }

    /// A file name for the point's report: `loraRank-4_loraLR-1e-3`; characters outside [A-Za-z0-9.+-] become '_'.
    public var fileName: String {
        values.map { "\($0.name)-\($0.value)" }.joined(separator: "_").map { character -> Character in
            character.isASCII && (character.isLetter || character.isNumber || "+-.".contains(character)) ? character : "_"
        }.reduce(into: "") { $0.append($1) }
    }
}

/// A plot the combined report draws: result `key` against parameter `parameter` (`--plot bleu:loraRank`).
public struct SweepPlot: Sendable, Equatable {
    public var key: String
    public var parameter: String

    /// Reads `key:parameter`; the parameter must be an axis of `grid` whose values are all numbers.
    public init(parsing spec: String, grid: SweepGrid) throws {
        guard let colon = spec.lastIndex(of: ":"), colon != spec.startIndex, spec.index(after: colon) != spec.endIndex else {
            throw SweepError("--plot '\(spec)': expected RESULT-KEY:PARAMETER, e.g. lora.scores.bleu:loraRank")
        }
        key = String(spec[..<colon])
        parameter = String(spec[spec.index(after: colon)...])
        guard let axis = grid.axes.first(where: { $0.name == parameter }) else {
            throw SweepError("--plot '\(spec)': '\(parameter)' is not a --grid parameter (\(grid.axes.map(\.name).joined(separator: ", ")))")
        }
        if let bad = axis.values.first(where: { Double($0) == nil }) {
            throw SweepError("--plot '\(spec)': '\(parameter)' has the value '\(bad)', not a number")
        }
    }
}

/// A sweep's own errors (bad --grid or --plot): one line.
public struct SweepError: Error, CustomStringConvertible, Equatable {
    public var description: String

    public init(_ message: String) {
        description = "error: " + message
    }
}
