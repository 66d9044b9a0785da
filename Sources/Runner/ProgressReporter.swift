import Foundation

/// Progress of long work on stderr: a redrawn bar on a terminal, a plain line every few seconds otherwise
/// (CI logs), so neither floods the log nor leaves the user guessing.
public final class ProgressReporter: @unchecked Sendable {
    private let lock = NSLock()
    private let isTerminal: Bool
    private let interval: Double
    private var lastPrinted = -Double.infinity
    private var started = Date()
    private var label = ""
    private let sink: (String) -> Void

    public init(isTerminal: Bool = isatty(STDERR_FILENO) == 1, interval: Double = 5,
                sink: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.isTerminal = isTerminal
        self.interval = interval
        self.sink = sink
    }

    /// Starts timing a new task, e.g. `train-lora`.
    public func begin(_ label: String) {
        lock.withLock {
            self.label = label
            started = Date()
            lastPrinted = -Double.infinity
        }
    }

    /// Reports `done` of `total` units with optional figures such as `loss 1.93`, `2,540 tok/s`.
    public func update(done: Int, total: Int, details: [String] = []) {
        lock.withLock {
            let elapsed = Date().timeIntervalSince(started)
            let finished = done >= total
            guard isTerminal || finished || elapsed - lastPrinted >= interval else { return }
            lastPrinted = elapsed
            let eta = done > 0 ? elapsed / Double(done) * Double(max(total - done, 0)) : .nan
            let figures = ([ "\(done)/\(total)" ] + details + ["\(Self.clock(elapsed)) elapsed", "ETA \(Self.clock(eta))"])
                .joined(separator: "  ")
            if isTerminal {
                let width = 24
                let filled = total > 0 ? min(width, width * done / total) : 0
                let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
                sink("\r\u{1B}[2K\(label) \(bar) \(figures)" + (finished ? "\n" : ""))
            } else {
                sink("\(label): \(figures)\n")
            }
        }
    }

    /// A one-off line (cell started, cached, finished).
    public func note(_ line: String) {
        lock.withLock { sink((isTerminal ? "\r\u{1B}[2K" : "") + line + "\n") }
    }

    static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "--:--" }
        let total = Int(seconds.rounded())
        return total >= 3600
            ? String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
            : String(format: "%02d:%02d", total / 60, total % 60)
    }
}
