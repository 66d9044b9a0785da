import Foundation

/// Progress of long work on stderr: a redrawn bar on a terminal, a plain line every few seconds otherwise
/// (CI logs), so neither floods the log nor leaves the user guessing.
///
/// A line names the cell and where it stands among the notebook's cells (`[5/14 finetune-lora]`), then the
/// running task's bar or percentage, its own figures (step, loss, tokens/s), time elapsed and an ETA. A cell
/// may run several long tasks one after another (fine-tune, then generate): each gets its own clock, so the
/// ETA is always the current task's.
public final class ProgressReporter: @unchecked Sendable {
    private let lock = NSLock()
    private let isTerminal: Bool
    private let interval: Double
    private var lastPrinted = -Double.infinity
    private var started = Date()
    private var label = ""
    private var task: String?
    private var taskStarted = Date()
    private var lastFraction = 0.0
    private let sink: (String) -> Void

    public init(isTerminal: Bool = isatty(STDERR_FILENO) == 1, interval: Double = 5,
                sink: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.isTerminal = isTerminal
        self.interval = interval
        self.sink = sink
    }

    /// Starts a new piece of work, e.g. the cell `train-lora`, the `position`-th of `count` (1-based).
    public func begin(_ label: String, position: Int? = nil, count: Int? = nil) {
        lock.withLock {
            if let position, let count {
                self.label = "[\(position)/\(count) \(label)]"
            } else {
                self.label = label
            }
            started = Date()
            task = nil
            lastPrinted = -Double.infinity
        }
    }

    /// Reports `done` of `total` units with optional figures such as `loss 1.93`, `2,540 tok/s`.
    public func update(done: Int, total: Int, details: [String] = []) {
        update(task: nil, fraction: total > 0 ? Double(done) / Double(total) : 0,
               details: ["\(done)/\(total)"] + details)
    }

    /// Reports how far `task` (one long call inside the current piece of work) has got, `fraction` in 0...1.
    /// A new task, or a fraction that goes backwards, restarts the task's clock.
    public func update(task: String?, fraction: Double, details: [String] = []) {
        lock.withLock {
            let now = Date()
            let fraction = min(max(fraction.isFinite ? fraction : 0, 0), 1)
            if task != self.task || fraction < lastFraction {
                self.task = task
                taskStarted = task == nil ? started : now
                lastPrinted = -Double.infinity
            }
            lastFraction = fraction
            let elapsed = now.timeIntervalSince(taskStarted)
            let finished = fraction >= 1
            let sinceStart = now.timeIntervalSince(started)
            guard isTerminal || finished || sinceStart - lastPrinted >= interval else { return }
            lastPrinted = sinceStart
            let eta = fraction > 0 ? elapsed / fraction * (1 - fraction) : .nan
            let prefix = [label] + (task.map { [$0 + ":"] } ?? [])
            let figures = (details + ["\(Self.clock(elapsed)) elapsed", "ETA \(Self.clock(eta))"]).joined(separator: "  ")
            if isTerminal {
                let width = 24
                let filled = min(width, Int((Double(width) * fraction).rounded(.down)))
                let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
                let percent = String(format: "%3.0f%%", 100 * fraction)
                sink("\r\u{1B}[2K" + (prefix + [bar, percent]).joined(separator: " ") + "  \(figures)"
                     + (finished ? "\n" : ""))
            } else {
                let percent = String(format: "%.0f%%", 100 * fraction)
                sink((prefix + [percent]).joined(separator: " ") + "  \(figures)\n")
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
