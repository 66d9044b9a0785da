import Foundation
import Runner
import Testing

@Suite struct OutputLocationTests {
    @Test func aNotebookInNotebooksWritesToTheProjectsReportFolder() {
        let place = OutputLocation(notebook: URL(fileURLWithPath: "/p/notebooks/e2e.md"))
        #expect(place.html.path == "/p/report/e2e.html")
        #expect(place.results.path == "/p/report/e2e.results.json")
    }

    @Test func anyOtherNotebookWritesBesideItself() {
        #expect(OutputLocation(notebook: URL(fileURLWithPath: "/x/demo.md")).html.path == "/x/demo.html")
    }

    @Test func aParamsFileNamesTheOutputsAndOutOverridesTheFolder() {
        let place = OutputLocation(notebook: URL(fileURLWithPath: "/p/notebooks/e2e.md"),
                                   outDirectory: URL(fileURLWithPath: "/tmp/o"),
                                   paramsFile: URL(fileURLWithPath: "/p/notebooks/params/smoke.yaml"))
        #expect(place.html.path == "/tmp/o/e2e.smoke.html")
        #expect(place.results.path == "/tmp/o/e2e.smoke.results.json")
    }
}
