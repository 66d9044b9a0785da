import DataStore
import Foundation
import Report
import Runner
import Script

/// A chart a cell drew with `plot(...)`.
public final class FigureObject: ReportableObject, PersistableObject {
    struct Description: Codable {
        var title: String
        var xLabel: String
        var yLabel: String
        var series: [SeriesObject.Stored]
        var logY: Bool
        var smoothing: Double?
    }

    let description: Description

    init(description: Description) {
        self.description = description
    }

    public var typeName: String { "Figure" }
    public var memberNames: [String] { ["title"] }
    public func member(_ name: String) throws -> Value? { name == "title" ? .string(description.title) : nil }

    public var fingerprint: String {
        (try? JSONEncoder().encode(description)).map { SHA256.hex(of: [UInt8]($0)) } ?? description.title
    }

    public var summary: String { "Figure \(description.title)" }

    public var chart: Chart {
        Chart(title: description.title, xLabel: description.xLabel, yLabel: description.yLabel,
              series: description.series.map {
                  ChartSeries(name: $0.name, x: $0.x.map(Double.init(bitPattern:)), y: $0.y.map(Double.init(bitPattern:)))
              },
              logY: description.logY, smoothing: description.smoothing)
    }

    public var reportOutputs: [CellOutput] { [.figure(chart)] }

    public func persist(to directory: URL) throws {
        try JSONEncoder().encode(description).write(to: directory.appendingPathComponent("figure.json"))
    }

    public static let restorer: ObjectRestorer = { directory in
        FigureObject(description: try JSONDecoder().decode(
            Description.self, from: Data(contentsOf: directory.appendingPathComponent("figure.json"))))
    }

    /// `plot(title:x:y:series:logY:smoothing:)`.
    static let builtin = Builtin(
        "plot",
        parameters: [Parameter("title", .string, default: .string("")), Parameter("x", .string, default: .string("step")),
                     Parameter("y", .string, default: .string("")), Parameter("series", .array(.object("Series"))),
                     Parameter("logY", .bool, default: .bool(false)),
                     Parameter("smoothing", .double, default: .double(0))],
        summary: "Draws one or more series as a line chart (SVG in the report)."
    ) { arguments, _ in
        let series = try arguments.array("series").map { value -> SeriesObject in
            guard case .object(let object) = value, let series = object as? SeriesObject else {
                throw NotebookAPIError("plot(series:) takes Series values, got \(value.typeName)")
            }
            return series
        }
        guard !series.isEmpty else { throw NotebookAPIError("plot(series:) needs at least one series") }
        let smoothing = try arguments.double("smoothing")
        guard smoothing >= 0 && smoothing < 1 else {
            throw NotebookAPIError("plot(smoothing:) must be in [0, 1), got \(smoothing)")
        }
        let description = Description(
            title: try arguments.string("title"), xLabel: try arguments.string("x"), yLabel: try arguments.string("y"),
            series: series.map { SeriesObject.Stored(name: $0.name, x: $0.x.map(\.bitPattern), y: $0.y.map(\.bitPattern),
                                                     kind: $0.kind) },
            logY: try arguments.bool("logY"), smoothing: smoothing > 0 ? smoothing : nil)
        return .object(FigureObject(description: description))
    }
}

/// An error a notebook builtin reports; the runner places it at the call.
public struct NotebookAPIError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
