import Foundation
import Testing
@testable import GPT2

@Suite struct BLASInfoTests {
    @Test func theCoreVersionAndSIMDLevelAreKnown() {
        #expect(BLASInfo.coreName != "unknown" && !BLASInfo.coreName.isEmpty)
        if let forced = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"], !forced.isEmpty {
            #expect(BLASInfo.coreName.lowercased() == forced.lowercased())
        }
        #expect(BLASInfo.version.split(separator: ".").count >= 2)
        #expect(["AVX-512", "AVX2", "AVX", "SSE"].contains(BLASInfo.simdLevel))
        #expect(BLASInfo.metadata.map(\.key) == ["blas core", "blas version", "simd"])
    }
}
