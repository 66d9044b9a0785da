import Foundation
import Runner
import Testing
import AtomicWrite

@Suite struct ResultsComparisonTests {
    func results(_ entries: [ResultEntry]) -> ResultsFile { ResultsFile(notebook: "e2e", entries: entries) }

    @Test func identicalResultsHaveNoDrift() {
        let a = results([ResultEntry(key: "lora.bleu", kind: .score, number: 0.5123),
                         ResultEntry(key: "lora.params", kind: .count, number: 393216)])
        #expect(compareResults(fresh: a, committed: a, tolerances: .exact).isEmpty)
    }

    @Test func timingsAreNeverCompared() {
        let old = results([ResultEntry(key: "train.seconds", kind: .timing, number: 100)])
        let new = results([ResultEntry(key: "train.seconds", kind: .timing, number: 250)])
        #expect(compareResults(fresh: new, committed: old, tolerances: .exact).isEmpty)
    }

    @Test func aScoreOutsideItsToleranceDriftsAndOneInsideDoesNot() {
        let old = results([ResultEntry(key: "bleu", kind: .score, number: 0.500)])
        let near = results([ResultEntry(key: "bleu", kind: .score, number: 0.503)])
        let far = results([ResultEntry(key: "bleu", kind: .score, number: 0.520)])
        #expect(compareResults(fresh: near, committed: old, tolerances: .default).isEmpty)
        #expect(compareResults(fresh: far, committed: old, tolerances: .default).map(\.key) == ["bleu"])
        #expect(compareResults(fresh: near, committed: old, tolerances: .exact).map(\.key) == ["bleu"])
    }

    @Test func missingAndExtraKeysAreBothReported() {
        let old = results([ResultEntry(key: "a", kind: .count, number: 1)])
        let new = results([ResultEntry(key: "b", kind: .count, number: 1)])
        let drifts = compareResults(fresh: new, committed: old, tolerances: .default)
        #expect(drifts.map(\.key) == ["a", "b"])
        #expect(drifts[0].fresh == "(missing)" && drifts[1].committed == "(missing)")
    }

    @Test func toleranceOverridesParseAbsoluteAndPercent() throws {
        let t = try Tolerances.exact.overridden(by: "loss=2%, score=1e-3")
        #expect(t.byKind[.loss] == Tolerance(relative: 0.02))
        #expect(t.byKind[.score] == Tolerance(absolute: 0.001))
        #expect(throws: RunnerError.badTolerance("timing=1")) { try Tolerances.exact.overridden(by: "timing=1") }
        #expect(throws: RunnerError.badTolerance("lossy=1")) { try Tolerances.exact.overridden(by: "lossy=1") }
    }

    @Test func generatedTextIsComparedOnlyWhenAskedFor() throws {
        let committed = results([ResultEntry(key: "outputs.digest", kind: .text, text: "9ffb"),
                                 ResultEntry(key: "train.mrs", kind: .count, number: 4862)])
        let fresh = results([ResultEntry(key: "outputs.digest", kind: .text, text: "da26"),
                             ResultEntry(key: "train.mrs", kind: .count, number: 4862)])
        #expect(compareResults(fresh: fresh, committed: committed, tolerances: .default).isEmpty)
        #expect(compareResults(fresh: fresh, committed: committed, tolerances: .exact).map(\.key) == ["outputs.digest"])
        let strict = try Tolerances.default.overridden(by: "text=0")
        #expect(compareResults(fresh: fresh, committed: committed, tolerances: strict).map(\.key) == ["outputs.digest"])
        let noCounts = Tolerances(byKind: [:])
        let recount = results([ResultEntry(key: "outputs.digest", kind: .text, text: "9ffb"),
                               ResultEntry(key: "train.mrs", kind: .count, number: 4861)])
        #expect(compareResults(fresh: recount, committed: committed, tolerances: noCounts).map(\.key) == ["train.mrs"])
    }

    @Test func resultsSurviveAJSONRoundTripBitForBit() throws {
        let value = Double(Float(1.9372615))
        let file = results([ResultEntry(key: "loss", kind: .loss, number: value),
                            ResultEntry(key: "sample", kind: .text, text: "The Vaults is a pub.")])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("results-\(UUID()).json")
        try AtomicWrite.write(try file.encoded(), to: url)
        let back = try ResultsFile.read(from: url)
        #expect(back == file)
        #expect(back.entries[0].number?.bitPattern == value.bitPattern)
    }

    @Test func aBrokenResultsFileIsAClearError() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID()).json")
        try Data("{\"notebook\": 3".utf8).write(to: url)
        #expect {
            try ResultsFile.read(from: url)
        } throws: { error in
            "\(error)".hasPrefix("\(url.path): error: not a lorabook results file")
        }
    }

    @Test func theDriftTableAlignsItsColumns() {
        let table = driftTable([Drift(key: "lora.bleu", kind: .score, committed: "0.5", fresh: "0.61")])
        let lines = table.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("key        kind   committed  fresh"))
    }
}
