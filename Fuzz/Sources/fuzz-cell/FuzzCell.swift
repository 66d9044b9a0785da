import FuzzDriver
import Foundation
import Script

/// One input: a cell is lexed, parsed, analysed and run under a small budget; any outcome but a crash is fine.
func fuzzOne(_ bytes: UnsafeBufferPointer<UInt8>) {
    let source = String(decoding: bytes, as: UTF8.self)
    let interpreter = Interpreter(builtins: .standard)
    interpreter.budget = CellBudget(memoryBytes: 16e6, seconds: 0.2, residentBytes: 4e9)
    interpreter.cellName = "fuzz"
    guard let program = try? Program(parsing: source, file: "fuzz.md", line: 3) else { return }
    _ = CellDependencies(analyzing: program, builtins: Set(interpreter.builtins.names))
    _ = try? interpreter.execute(program)
}

@main enum Fuzz {
    static func main() {
        FuzzDriver.run { data, size in
            fuzzOne(UnsafeBufferPointer(start: data, count: size))
            return 0
        }
    }
}
