import Foundation
import Testing
@testable import Runner

@Suite("Report seal")
struct ReportSealTests {
    private let page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>t</title>\n</head>\n<body><p>BLEU 0.6683</p></body>\n</html>\n"
    private let results = Data("{\"entries\":[{\"key\":\"bleu\",\"number\":0.6683}]}".utf8)

    private func verify(_ page: String, _ results: Data) throws {
        try ReportSeal.verify(page: Data(page.utf8), pagePath: "report/e2e.html", results: results,
                              resultsPath: "report/e2e.results.json")
    }

    @Test func aSealedPageVerifiesAgainstItsResults() throws {
        let sealed = ReportSeal.seal(page: page, results: results)
        #expect(sealed.contains("<meta charset=\"utf-8\">\n<meta name=\"lorabook-seal\" content=\"results="))
        try verify(sealed, results)
    }

    @Test func anEditedPageFails() {
        let sealed = ReportSeal.seal(page: page, results: results)
        let edited = sealed.replacingOccurrences(of: "0.6683", with: "0.7040")
        #expect(throws: RunnerError.self) { try verify(edited, results) }
        #expect((try? verify(edited, results)) == nil)
        do {
            try verify(edited, results)
        } catch {
            #expect("\(error)".contains("report/e2e.html: error: the page was changed after it was rendered"))
        }
    }

    @Test func aPageFromOtherResultsFails() {
        let sealed = ReportSeal.seal(page: page, results: results)
        do {
            try verify(sealed, Data("{\"entries\":[]}".utf8))
            Issue.record("expected a failure")
        } catch {
            #expect("\(error)".contains("was not rendered from report/e2e.results.json"))
        }
    }

    @Test func aPageWithoutASealFails() {
        do {
            try verify(page, results)
            Issue.record("expected a failure")
        } catch {
            #expect("\(error)".contains("carries no results seal"))
        }
    }
}
