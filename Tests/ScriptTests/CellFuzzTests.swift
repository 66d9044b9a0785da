import Foundation
import PropertyBased
import Testing
@testable import Script

/// Seeded, shrinking random cells built from the language's own pieces: lexing, parsing, dependency
/// analysis and running (with a small budget) either succeed or fail with a placed diagnostic, never
/// crash, hang or throw anything else.
@Suite struct CellFuzzTests {
    static let count = Int(ProcessInfo.processInfo.environment["LORABOOK_FUZZ_COUNT"] ?? "") ?? 400

    static let fragments = [
        "let ", "var ", "x", "y", "xs", "s", " = ", "1", "2.5", "-", "!", "+", "*", "/", "%", "==", "<", "&&", "||", "??",
        "(", ")", "[", "]", "{", "}", ",", ":", ";", "\n", " ", ".", "count", "append", "(contentsOf: ", "sorted()",
        "\"a", "\"", "\\(", "\"\"\"\n", "for ", "_", " in ", "0..<3", "0...2", "if ", "else ", "true", "false", "nil",
        "break", "continue", " ? ", " : ", ".lora(rank: 2)", "show(", "print(", "Int(", "String(", "xs[0]", "/*", "*/", "//",
        "x = x + x", "for _ in 0..<30 { s = s + s }", "func", "while", "0x1F", "1e309", "9223372036854775807",
        "func f(_ a: Int = 1) -> Int ", "f(", "return ", "while ", "repeat ", "switch x ", "case ", "default:",
        "guard ", "if let ", "let (a, b) = ", "(1, 2)", ".0", "$0", "$1", " in ", ".map ", ".filter ", ".reduce(0, +)",
        ".sorted(by: <)", ".forEach ", "fatalError(", "func g() { g() }; g()",
    ]

    static let cells = Gen<String?>.element(of: fragments).map { $0 ?? "" }.array(of: 0...40).map { $0.joined() }

    static func runBounded(_ source: String) -> String? {
        let interpreter = Interpreter(builtins: .testing)
        interpreter.budget = CellBudget(memoryBytes: 4e6, seconds: 0.5, residentBytes: .infinity)
        interpreter.cellName = "fuzz"
        do {
            let program = try Program(parsing: source, file: "fuzz.md", line: 3, column: 1)
            _ = CellDependencies(analyzing: program, builtins: Set(interpreter.builtins.names))
            _ = try interpreter.execute(program)
            return nil
        } catch let diagnostic as Diagnostic {
            return diagnostic.file == "fuzz.md" && diagnostic.line >= 3 ? nil : "misplaced: \(diagnostic)"
        } catch {
            return "not a diagnostic: \(error)"
        }
    }

    @Test func randomCellsRunOrFailWithAPlacedDiagnostic() async {
        await propertyCheck(count: Self.count, input: Self.cells) { source in
            #expect(Self.runBounded(source) == nil, "\(source.debugDescription)")
        }
    }

    @Test func deeplyNestedRandomCellsAreDiagnosticsNotCrashes() async {
        let nests = Gen<String?>.element(of: ["(", "[", "-", "!", "{", "\"\\(", "if true {", "x.", "f(", "{ $0 + ", "xs.map { ", "while true {"]).map { $0 ?? "" }
        await propertyCheck(count: 50, input: nests, Gen.int(in: 200...3_000)) { opener, depth in
            #expect(Self.runBounded("let x = " + String(repeating: opener, count: depth) + "1") == nil, "\(opener) x \(depth)")
        }
    }
}
