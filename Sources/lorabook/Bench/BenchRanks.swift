import Distributed
import Foundation
import GPT2

/// `bench train --ranks 1,2`: the same benchmark once per rank count, each count above 1 under
/// `mpirun -np N` (data-parallel: every step's batch split over the ranks, one all-reduce of the trainable
/// gradients per step), each writing bench/results/NAME-ranksN.json.
enum BenchRanks {
    /// The rank counts of `--ranks`, each at least 1.
    static func counts(_ text: String) throws -> [Int] {
        let counts = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !counts.isEmpty, counts.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw CommandFailure("error: --ranks '\(text)' must be comma-separated rank counts of 1 or more")
        }
        return counts.compactMap { $0 }
    }

    /// Runs this command again for each count: in a child process for 1, under mpirun for more.
    static func runEach(_ counts: [Int], name: String) throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if let index = arguments.firstIndex(of: "--ranks") {
            arguments.removeSubrange(index...min(index + 1, arguments.count - 1))
        }
        arguments.removeAll { $0.hasPrefix("--ranks=") }
        if let index = arguments.firstIndex(of: "--name") { arguments.removeSubrange(index...min(index + 1, arguments.count - 1)) }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
        for count in counts {
            let own = [executable] + arguments + ["--name", "\(name)-ranks\(count)"]
            let command = count == 1 ? own
                : ["mpirun", "--oversubscribe", "--allow-run-as-root", "-np", "\(count)"] + own
            print("$ \(command.joined(separator: " "))")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = command
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw CommandFailure("error: the \(count)-rank run exited with status \(process.terminationStatus)")
            }
        }
    }

    /// Under mpirun, the trainer's data parallelism, timing each all-reduce into `reduceSeconds`.
    static func dataParallelism(timing clock: ReduceClock) -> DataParallelism? {
        let world = World.current
        guard world.isParallel else { return nil }
        return DataParallelism(part: world.rank, parts: world.size) { gradients, lossSums in
            let start = Date()
            world.allreduceSum(gradients)
            world.allreduceSum(&lossSums)
            clock.add(Date().timeIntervalSince(start), bytes: gradients.count * MemoryLayout<Float>.size
                      + lossSums.count * MemoryLayout<Double>.size)
        }
    }

    /// Seconds spent in, and bytes sent to, the all-reduces since the last reset.
    final class ReduceClock: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var seconds = 0.0
        private(set) var bytes = 0
        private(set) var calls = 0

        func add(_ elapsed: Double, bytes count: Int) {
            lock.withLock {
                seconds += elapsed
                bytes += count
                calls += 1
            }
        }

        func reset() { lock.withLock { seconds = 0; bytes = 0; calls = 0 } }
    }
}
