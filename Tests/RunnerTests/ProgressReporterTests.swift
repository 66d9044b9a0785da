import Foundation
import Runner
import Testing

@Suite struct ProgressReporterTests {
    final class Lines: @unchecked Sendable { var items: [String] = [] }

    @Test func withoutATerminalItPrintsPlainLinesAtMostEveryIntervalAndAlwaysTheLast() {
        let lines = Lines()
        let progress = ProgressReporter(isTerminal: false, interval: 3600) { lines.items.append($0) }
        progress.begin("train")
        for step in 1...100 { progress.update(done: step, total: 100, details: ["loss 1.5"]) }
        #expect(lines.items.count == 2)
        #expect(lines.items[0].hasPrefix("train: 1/100  loss 1.5"))
        #expect(lines.items[1].hasPrefix("train: 100/100"))
        #expect(lines.items.allSatisfy { !$0.contains("\u{1B}") })
    }

    @Test func onATerminalItRedrawsOneLine() {
        let lines = Lines()
        let progress = ProgressReporter(isTerminal: true) { lines.items.append($0) }
        progress.begin("pretrain")
        progress.update(done: 5, total: 10)
        #expect(lines.items.count == 1)
        #expect(lines.items[0].hasPrefix("\r\u{1B}[2Kpretrain ████████████"))
        #expect(!lines.items[0].hasSuffix("\n"))
    }
}
