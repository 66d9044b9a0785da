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
        #expect(lines.items[0].hasPrefix("train 1%  1/100  loss 1.5"))
        #expect(lines.items[1].hasPrefix("train 100%  100/100"))
        #expect(lines.items.allSatisfy { !$0.contains("\u{1B}") })
    }

    @Test func onATerminalItRedrawsOneLine() {
        let lines = Lines()
        let progress = ProgressReporter(isTerminal: true) { lines.items.append($0) }
        progress.begin("pretrain")
        progress.update(done: 5, total: 10)
        #expect(lines.items.count == 1)
        #expect(lines.items[0].hasPrefix("\r\u{1B}[2Kpretrain ████████████···"))
        #expect(lines.items[0].contains(" 50%  5/10"))
        #expect(!lines.items[0].hasSuffix("\n"))
    }

    @Test func eachTaskInACellHasItsOwnClockAndTheCellsPlace() {
        let lines = Lines()
        let progress = ProgressReporter(isTerminal: false, interval: 3600) { lines.items.append($0) }
        progress.begin("control", position: 13, count: 14)
        progress.update(task: "finetune", fraction: 0.5, details: ["step 50/100"])
        progress.update(task: "finetune", fraction: 1, details: ["step 100/100"])
        progress.update(task: "generate", fraction: 0.25, details: ["generated 5/20"])
        #expect(lines.items.count == 3)
        #expect(lines.items[0].hasPrefix("[13/14 control] finetune: 50%  step 50/100"))
        #expect(lines.items[1].hasPrefix("[13/14 control] finetune: 100%  step 100/100"))
        // A new task prints at once (its clock restarted), even inside the throttling interval.
        #expect(lines.items[2].hasPrefix("[13/14 control] generate: 25%  generated 5/20"))
        #expect(!lines.items.joined().contains("/1000"))
    }
}
