import Foundation

/// Allowed drift for one kind of result: |fresh - committed| <= absolute + relative * |committed|.
public struct Tolerance: Sendable, Equatable {
    public var absolute: Double
    public var relative: Double

    public init(absolute: Double = 0, relative: Double = 0) {
        self.absolute = absolute
        self.relative = relative
    }

    public static let exact = Tolerance()

    func allows(fresh: Double, committed: Double) -> Bool {
        if fresh.isNaN || committed.isNaN { return fresh.isNaN && committed.isNaN }
        if fresh.isInfinite || committed.isInfinite { return fresh == committed }
        return abs(fresh - committed) <= absolute + relative * abs(committed)
    }
}

/// Tolerances per result kind. The defaults absorb the float noise of another CPU or thread count: they leave
/// texts (digests of generated outputs) out, since that noise can flip one token of one sentence, and compare
/// the scores computed from those outputs within their tolerance instead. `exact` demands bit-identical numbers
/// and identical texts, which the same machine and thread count deliver. A kind without a tolerance is not
/// compared, except counts, which always must match.
public struct Tolerances: Sendable, Equatable {
    public var byKind: [ResultKind: Tolerance]

    public init(byKind: [ResultKind: Tolerance]) {
        self.byKind = byKind
    }

    public static let `default` = Tolerances(byKind: [
        .score: Tolerance(absolute: 5e-3),
        .loss: Tolerance(relative: 1e-2),
        .count: .exact,
    ])

    public static let exact = Tolerances(byKind: [.score: .exact, .loss: .exact, .count: .exact, .text: .exact])

    /// Applies overrides written `loss=1e-3` (absolute) or `loss=1%` (relative), comma-separated.
    public func overridden(by text: String) throws -> Tolerances {
        var result = self
        for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let kind = ResultKind(rawValue: parts[0]), kind != .timing else {
                throw RunnerError.badTolerance(item)
            }
            if parts[1].hasSuffix("%"), let percent = Double(parts[1].dropLast()), percent >= 0 {
                result.byKind[kind] = Tolerance(relative: percent / 100)
            } else if let value = Double(parts[1]), value >= 0 {
                result.byKind[kind] = Tolerance(absolute: value)
            } else {
                throw RunnerError.badTolerance(item)
            }
        }
        return result
    }
}

/// One difference between a fresh run and the committed results.
public struct Drift: Sendable, Equatable {
    public var key: String
    public var kind: ResultKind
    public var committed: String
    public var fresh: String

    public init(key: String, kind: ResultKind, committed: String, fresh: String) {
        self.key = key
        self.kind = kind
        self.committed = committed
        self.fresh = fresh
    }
}

/// Compares fresh results with committed ones; timings are never compared.
public func compareResults(fresh: ResultsFile, committed: ResultsFile, tolerances: Tolerances) -> [Drift] {
    var drifts: [Drift] = []
    let freshByKey = Dictionary(fresh.entries.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    let committedKeys = Set(committed.entries.map(\.key))
    for old in committed.entries where old.kind != .timing {
        guard let new = freshByKey[old.key] else {
            drifts.append(Drift(key: old.key, kind: old.kind, committed: old.shown, fresh: "(missing)"))
            continue
        }
        guard old.kind == .count || tolerances.byKind[old.kind] != nil else { continue }
        let same: Bool
        if let a = new.number, let b = old.number {
            same = (tolerances.byKind[old.kind] ?? .exact).allows(fresh: a, committed: b)
        } else {
            same = new.number == old.number && new.text == old.text
        }
        if !same { drifts.append(Drift(key: old.key, kind: old.kind, committed: old.shown, fresh: new.shown)) }
    }
    for new in fresh.entries where new.kind != .timing && !committedKeys.contains(new.key) {
        drifts.append(Drift(key: new.key, kind: new.kind, committed: "(missing)", fresh: new.shown))
    }
    return drifts
}

/// A plain-text table of drifts for the terminal.
public func driftTable(_ drifts: [Drift]) -> String {
    let header = ["key", "kind", "committed", "fresh"]
    let rows = drifts.map { [$0.key, $0.kind.rawValue, $0.committed, $0.fresh] }
    let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
            .joined(separator: "  ")
    }
    return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line))
        .joined(separator: "\n")
}

extension ResultEntry {
    var shown: String {
        if let number { return "\(number)" }
        return text ?? ""
    }
}
