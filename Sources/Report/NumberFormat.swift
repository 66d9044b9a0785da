import Foundation

/// Every rule for writing a number in a report, in one place:
/// - counts (parameters, examples, steps, tokens) are whole and grouped by thousands with commas: 42,061;
/// - other numbers get their kind's decimals (`decimals(for:)`), thousands grouped when the column asks;
/// - a minus sign is U+2212, NaN and infinities are words or symbols, never "-0";
/// - a value quoted from a paper is written as the paper printed it (its own precision and ± spread), so a text
///   cell that reads as a number (`0.682`, `68.2 ± 0.6`, `8.62 ±.05`) is kept verbatim and aligned as a number.
public enum NumberFormat {
    /// The kinds of figure a report shows and the decimals each is written with.
    public enum Kind: String, CaseIterable, Sendable {
        /// BLEU, METEOR, ROUGE-L, CIDEr as fractions, NIST: four decimals.
        case score
        /// Cross-entropy in nats per token: three decimals.
        case loss
        /// Parameters, examples, steps: whole, grouped.
        case count
        /// Seconds, minutes, megabytes: one decimal.
        case measure
        /// Ratios and percentages: two decimals.
        case ratio
    }

    public static func decimals(for kind: Kind) -> Int {
        switch kind {
        case .score: return 4
        case .loss: return 3
        case .count: return 0
        case .measure: return 1
        case .ratio: return 2
        }
    }

    /// A number of `kind`, counts grouped by thousands.
    public static func format(_ value: Double, kind: Kind) -> String {
        format(value, decimals: decimals(for: kind), groupsThousands: kind == .count)
    }

    /// A count: 1234567 as 1,234,567.
    public static func count(_ value: Int) -> String {
        format(Double(value), decimals: 0, groupsThousands: true)
    }

    /// A number of no set kind to four significant digits (0.6683, 12.35, 1,235): the summary's facts.
    public static func significant(_ value: Double) -> String {
        guard value.isFinite, value != 0 else { return format(value, decimals: 0, groupsThousands: false) }
        let magnitude = Int(floor(log10(abs(value))))
        return format(value, decimals: max(0, 3 - magnitude), groupsThousands: abs(value) >= 1000)
    }

    /// `value` with `decimals` places, optionally grouped by thousands; NaN and infinities as words/symbols.
    public static func format(_ value: Double, decimals: Int, groupsThousands: Bool) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "\u{2212}\u{221E}" : "\u{221E}" }
        let decimals = min(max(decimals, 0), 17)
        var text = String(format: "%.\(decimals)f", value)
        if text.hasPrefix("-"), Double(text) == 0 { text.removeFirst() }
        guard groupsThousands else { return text.replacingOccurrences(of: "-", with: "\u{2212}") }
        let negative = text.hasPrefix("-")
        let unsigned = negative ? String(text.dropFirst()) : text
        let parts = unsigned.split(separator: ".", maxSplits: 1)
        var integer = String(parts[0])
        var grouped = ""
        while integer.count > 3 {
            grouped = "," + integer.suffix(3) + grouped
            integer.removeLast(3)
        }
        grouped = integer + grouped
        if parts.count == 2 { grouped += "." + parts[1] }
        return (negative ? "\u{2212}" : "") + grouped
    }

    /// Whether text reads as a number written by hand (a paper's value, with an optional ± spread or a unit-free
    /// percent), so a table aligns it with the numbers instead of the words.
    public static func isWrittenNumber(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return false }
        let parts = trimmed.components(separatedBy: "±").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count <= 2 else { return false }
        return parts.allSatisfy { part in
            var body = Substring(part)
            if body.hasPrefix("-") || body.hasPrefix("\u{2212}") || body.hasPrefix("+") { body = body.dropFirst() }
            if body.hasSuffix("%") { body = body.dropLast() }
            guard let first = body.first, first.isNumber || first == "." else { return false }
            return body.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") }
                && body.filter({ $0 == "." }).count <= 1 && body.contains(where: \.isNumber)
        }
    }
}
