import ArgumentParser
import Foundation
import Metrics

/// Prints the scorer's tokenisations of a text file, one line per input line, to check them against the originals.
struct MetricsTokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics-tokenize",
        abstract: "Tokenise lines as the E2E scorer does (coco: PTB + punctuation removal; mteval: BLEU/NIST)."
    )

    enum Style: String, ExpressibleByArgument, CaseIterable {
        case coco, ptb, mteval
    }

    @Option(help: "Tokenisation: coco, ptb (lowercased, punctuation kept) or mteval.")
    var style: Style = .coco

    @Argument(help: "A UTF-8 text file; every line is one caption.")
    var file: String

    func run() throws {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ValidationError("\(file): cannot read as UTF-8 text")
        }
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        let output: [String] = switch style {
        case .coco: CocoTokenizer().tokenize(lines)
        case .ptb: PTBTokenizer().tokenize(lines: lines).map { $0.joined(separator: " ") }
        case .mteval: lines.map { MTEvalTokenizer().tokenize($0).joined(separator: " ") }
        }
        print(output.joined(separator: "\n"))
    }
}
