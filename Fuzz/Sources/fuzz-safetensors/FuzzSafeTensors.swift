import FuzzDriver
import Foundation
import GPT2

/// A scratch file per process: the reader maps files, so each input is written there first.
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-\(getpid()).safetensors")

/// One input: opened as a safetensors file, every tensor read as floats.
func fuzzOne(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard (try? Data(buffer: bytes).write(to: scratch)) != nil,
          let file = try? SafeTensorsFile(contentsOf: scratch) else { return }
    for name in file.names { _ = try? file.floats(name) }
}

@main enum Fuzz {
    static func main() {
        atexit { try? FileManager.default.removeItem(at: scratch) }
        FuzzDriver.run { data, size in
            fuzzOne(UnsafeBufferPointer(start: data, count: size))
            return 0
        }
    }
}
