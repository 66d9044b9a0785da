import Foundation
import Testing
@testable import Metrics

@Suite struct E2EScoreFilesTests {
    @Test func referencesAreGroupedByBlankLinesAndStripped() throws {
        let groups = try E2EScoreFiles.references(text: " a one \r\na two\n\nb one\n\n")
        #expect(groups == [["a one", "a two"], ["b one"]])
    }

    @Test func aReferencesFileWithoutBlankLinesIsSingleReference() throws {
        #expect(try E2EScoreFiles.references(text: "x\ny\n") == [["x"], ["y"]])
    }

    @Test func twoBlankLinesInARowAreAnErrorNamingTheFileAndLine() {
        #expect(throws: MetricsError.emptyReferenceGroup(index: 1, file: "refs.txt", line: 3)) {
            try E2EScoreFiles.references(text: "a\n\n\nb\n", file: "refs.txt")
        }
    }

    @Test func blankPredictionLinesAreEmptyPredictionsButTheFinalNewlineIsNot() {
        #expect(E2EScoreFiles.predictions(text: "one\n\nthree\n") == ["one", "", "three"])
    }

    @Test func countMismatchNamesBothCountsAndTheFiles() {
        let error = MetricsError.countMismatch(predictions: 2, referenceGroups: 3, predictionsFile: "p.txt", referencesFile: "r.txt")
        #expect(throws: error) {
            try E2EScorer().score(predictions: ["a", "b"], references: [["a"], ["b"], ["c"]],
                                  predictionsFile: "p.txt", referencesFile: "r.txt")
        }
        #expect(error.description == "p.txt: error: fewer predictions (2) than reference groups (3) in r.txt; they must match one to one")
    }
}

@Suite struct E2EReferenceCSVTests {
    @Test func consecutiveRowsWithTheSameMRFormOneGroupAndTheHeaderIsSkipped() throws {
        let csv = "\"mr\",\"ref\"\r\n\"name[A], food[B]\",\"A serves B, cheaply.\"\r\n\"name[A], food[B]\",\"A has \"\"B\"\".\"\r\nname[C],C.\r\n"
        let groups = try E2EReferenceCSV.referenceGroups(text: csv)
        #expect(groups == [["A serves B, cheaply.", "A has \"B\"."], ["C."]])
    }

    @Test func mojibakePoundAndEAcuteAreRepairedAsTheScorerDoes() throws {
        let groups = try E2EReferenceCSV.referenceGroups(text: "mr,ref\nx,Costs Â£20 at CafÃ© Z\n")
        #expect(groups == [["Costs £20 at Café Z"]])
    }

    @Test func aRowWithTooFewColumnsIsAnErrorNamingTheRowAndLine() {
        #expect(throws: MetricsError.invalidLine(file: "refs.csv", line: 3, reason: "data row 2 has 1 column(s), expected 2")) {
            try E2EReferenceCSV.referenceGroups(text: "mr,ref\na,b\nlonely\n", file: "refs.csv")
        }
    }
}
