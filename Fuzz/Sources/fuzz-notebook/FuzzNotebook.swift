import FuzzDriver
import Foundation
import Notebook

/// One input: parsed as a notebook (front matter, fences, cell options, prose) and as a params YAML file.
func fuzzOne(_ bytes: UnsafeBufferPointer<UInt8>) {
    let text = String(decoding: bytes, as: UTF8.self)
    _ = try? Notebook(parsing: text, file: "fuzz.md")
    _ = try? FrontMatter(parsingYAML: text, file: "fuzz.yaml")
}

@main enum Fuzz {
    static func main() {
        FuzzDriver.run { data, size in
            fuzzOne(UnsafeBufferPointer(start: data, count: size))
            return 0
        }
    }
}
