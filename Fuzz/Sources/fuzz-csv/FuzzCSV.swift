import FuzzDriver
import E2E
import Foundation

/// One input: read as an E2E CSV file and its `mr`/`ref` columns looked up.
func fuzzOne(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let table = try? CSVTable.parse(Array(bytes), file: "fuzz.csv") else { return }
    _ = try? table.columns(named: ["mr", "ref"])
}

@main enum Fuzz {
    static func main() {
        FuzzDriver.run { data, size in
            fuzzOne(UnsafeBufferPointer(start: data, count: size))
            return 0
        }
    }
}
