import Foundation
import Runner
import Testing

@Suite struct ProcessMemoryTests {
    /// A training run's peak memory is measured from its own start: after a reset the high-water mark no longer
    /// remembers a large allocation the process freed before.
    @Test func resettingThePeakForgetsMemoryFreedBefore() throws {
        let bytes = 512 << 20
        let block = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 4096)
        for offset in stride(from: 0, to: bytes, by: 4096) { block.storeBytes(of: 1, toByteOffset: offset, as: UInt8.self) }
        let withBlock = ProcessMemory.peakResidentMiB()
        block.deallocate()
        #expect(ProcessMemory.resetPeak())
        let afterReset = ProcessMemory.peakResidentMiB()
        #expect(withBlock - afterReset >= 256, "peak \(withBlock) MiB with the block, \(afterReset) MiB after the reset")
    }
}
