import ArgumentParser
import Foundation
import Notebook
import Report

/// Renders a report from synthetic, clearly labelled numbers, to look at the page design without a run.
struct DemoReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-report",
        abstract: "Write a style demo of the HTML report (synthetic numbers; no training) to a file."
    )

    @Option(name: .shortAndLong, help: "Where to write the HTML page.")
    var output: String = "demo.html"

    static let prose = """
        # Low-rank adaptation

        LoRA freezes the pretrained weight and learns a low-rank update: $W = W_0 + BA$ with
        $B \\in \\mathbb{R}^{d \\times r}$, $A \\in \\mathbb{R}^{r \\times k}$ and $r \\ll \\min(d, k)$.
        The update is scaled by $\\frac{\\alpha}{r}$; trainable parameters drop from $dk$ to $r(d + k)$.[^merge]

        $$h = W_0 x + \\frac{\\alpha}{r} B A x$$

        ## Training

        | setting | value |
        |---|---:|
        | learning rate | 2e-4 |
        | LoRA rank | 4 |

        [^merge]: After training, $BA$ merges into $W_0$, so inference has no extra latency.
        """

    func run() throws {
        let notebook = try Notebook(parsing: Self.prose, file: "demo.md")
        var blocks = ReportDocument(notebook: notebook, cell: { ReportCell(id: $0.id, source: $0.source, status: .notRun) }).blocks
        var random = SplitMix64(seed: 110)
        func curve(_ floor: Double, _ height: Double, _ scale: Double, noise: Double) -> [ChartPoint] {
            stride(from: 0, through: 1500, by: 10).map { step in
                let value = floor + height * exp(-Double(step) / scale) + noise * (random.nextUnit() - 0.5)
                return ChartPoint(x: Double(step), y: value)
            }
        }
        let training = Chart(
            title: "Training loss (synthetic)", xLabel: "step", yLabel: "loss",
            series: [ChartSeries(name: "Full fine-tuning", points: curve(1.3, 3.2, 260, noise: 0.5)),
                     ChartSeries(name: "LoRA r=4", points: curve(1.4, 3.0, 200, noise: 0.3))],
            smoothing: 0.9)
        let validation = Chart(
            title: "Validation loss (synthetic)", xLabel: "epoch", yLabel: "loss",
            series: [ChartSeries(name: "Full fine-tuning", x: [1, 2, 3, 4, 5], y: [1.62, 1.51, 1.49, 1.53, 1.58]),
                     ChartSeries(name: "LoRA r=4", x: [1, 2, 3, 4, 5], y: [1.70, 1.57, 1.52, 1.50, .nan])])
        let table = ReportTable(
            caption: "Scores on the E2E test set (synthetic numbers for the demo).",
            columns: [TableColumn("metric"), TableColumn("Full FT", decimals: 4), TableColumn("LoRA", decimals: 4),
                      TableColumn("trainable", decimals: 0, groupsThousands: true)],
            rows: [[.text("BLEU"), .number(0.6734), .number(0.6803), .number(354_823_168)],
                   [.text("NIST"), .number(8.5452), .number(8.6419), .number(393_216)],
                   [.text("METEOR"), .number(0.4622), .number(0.4556), .empty],
                   [.text("ROUGE-L"), .number(0.7033), .number(0.7018), .empty],
                   [.text("CIDEr"), .number(2.3843), .number(2.4465), .empty]],
            highlights: [BestValueHighlight(.eachRow, among: [1, 2], higherIsBetter: true)])
        blocks.insert(.cell(ReportCell(
            id: "parameters", source: "let rank = 4\nlet alpha = 32.0 // scaling alpha / rank = 8\nlet seed = 110",
            status: .ran(seconds: 0.004))), at: 1)
        blocks.append(.cell(ReportCell(
            id: "train", source: "let full = train(model, method: .full, epochs: 5)\nlet lora = train(model, method: .lora(rank: rank, alpha: alpha), epochs: 5)\nplot(full.loss, lora.loss, smoothing: 0.9)",
            status: .cached(seconds: 1843.2),
            outputs: [.html(ReportHTML.sideBySide([training, validation])),
                      .text("full: 354,823,168 trainable parameters\nlora: 393,216 trainable parameters (0.11%)")])))
        blocks.append(.heading(ReportHeading(level: 2, text: "Results", id: "results")))
        blocks.append(.cell(ReportCell(
            id: "evaluate", source: "table(evaluate(full), evaluate(lora))", status: .ran(seconds: 96.4),
            outputs: [.table(table), .samples([
                Sample(label: "name : The Vaults | Type : pub | price : more than £ 30 | area : riverside",
                       text: "The Vaults is an expensive pub near the riverside."),
                Sample(label: "name : Zizzi | Type : coffee shop | family friendly : yes",
                       text: "Zizzi is a family friendly coffee shop <b>not bold</b> & escaped."),
            ])])))
        blocks.append(.cell(ReportCell(
            id: "broken", source: "let x = evaluate(lroa)", echo: true, status: .error,
            outputs: [.error(CellError(message: "unknown name 'lroa' (did you mean 'lora'?)",
                                       position: "notebooks/e2e.md:88:18"))])))
        let document = ReportDocument(
            title: "LoRA on E2E NLG: report style demo", subtitle: "Synthetic numbers, to look at the page design.",
            author: "lorabook", date: "2026-11-29", blocks: blocks,
            metadata: [("lorabook", "0.1.0"), ("git commit", "demo"), ("machine", "x86_64 Linux, 2 cores"),
                       ("threads", "2"), ("total time", "31 min 40 s")])
        try ReportPage.write(document, to: URL(fileURLWithPath: output))
        print("wrote \(output)")
    }
}

/// A small seeded generator so the demo page is the same on every run.
private struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func nextUnit() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }
}
