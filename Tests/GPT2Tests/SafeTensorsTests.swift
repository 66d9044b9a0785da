import Foundation
import Testing
@testable import GPT2

@Suite("SafeTensors")
struct SafeTensorsTests {
    /// A file made of the given header text (padded to 8) and `dataBytes` zero bytes.
    private func handMadeFile(header: String, dataBytes: Int, in folder: URL) throws -> URL {
        var headerBytes = Array(header.utf8)
        while headerBytes.count % 8 != 0 { headerBytes.append(UInt8(ascii: " ")) }
        var bytes = withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { Array($0) }
        bytes += headerBytes + [UInt8](repeating: 0, count: dataBytes)
        let url = folder.appendingPathComponent("hand.safetensors")
        try Data(bytes).write(to: url)
        return url
    }

    private func openingError(_ url: URL) -> CheckpointError? {
        do {
            _ = try SafeTensorsFile(contentsOf: url)
            return nil
        } catch {
            return error as? CheckpointError
        }
    }

    @Test func roundTripPreservesFloatsIntegersScalarsAndMetadata() throws {
        let folder = try FixtureFiles.scratchDirectory()
        let url = folder.appendingPathComponent("round.safetensors")
        let weights = HostTensor(shape: [2, 3], values: [1, -2.5, .pi, 0, -0.0, 0x1p-140])
        let ids = SafeTensorsFile.IntegerTensor(shape: [3], values: [-100, 0, 1 << 40])
        let scalar = HostTensor(shape: [], values: [4.25])
        try SafeTensorsFile.write(["w": .float32(weights), "ids": .int64(ids), "loss": .float32(scalar)],
                                  metadata: ["format": "pt", "note": "quote \" and \\ and\nnewline"], to: url)
        let file = try SafeTensorsFile(contentsOf: url)
        #expect(file.names == ["ids", "loss", "w"])
        #expect(try file.floats("w").values.map(\.bitPattern) == weights.values.map(\.bitPattern))
        #expect(try file.floats("loss") == scalar)
        #expect(try file.integers("ids") == ids)
        #expect(file.metadata == ["format": "pt", "note": "quote \" and \\ and\nnewline"])
        #expect(try file.entry(named: "ids").dtype == .i64)
    }

    @Test func writerReproducesHuggingFaceBytesExactly() throws {
        let original = try FixtureFiles.url("tiny/model.safetensors")
        let source = try SafeTensorsFile(contentsOf: original)
        var tensors: [String: SafeTensorsFile.Payload] = [:]
        for name in source.names { tensors[name] = .float32(try source.floats(name)) }
        let url = try FixtureFiles.scratchDirectory().appendingPathComponent("model.safetensors")
        try SafeTensorsFile.write(tensors, metadata: source.metadata, to: url)
        #expect(try Data(contentsOf: url) == Data(contentsOf: original))
    }

    @Test func headerIsPaddedWithSpacesAndWiderDTypesComeFirst() throws {
        let url = try FixtureFiles.scratchDirectory().appendingPathComponent("layout.safetensors")
        try SafeTensorsFile.write(["a": .float32(HostTensor(shape: [1], values: [1])),
                                   "z": .int64(.init(shape: [1], values: [7]))], to: url)
        let bytes = try [UInt8](Data(contentsOf: url))
        let length = Int(bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        #expect(length % 8 == 0)
        let header = String(decoding: bytes[8..<(8 + length)], as: UTF8.self)
        #expect(header.hasPrefix(#"{"z":{"dtype":"I64","shape":[1],"data_offsets":[0,8]},"a":{"dtype":"F32""#))
        let json = header.reversed().drop { $0 == " " }.reversed()
        #expect(json.last == "}")
        #expect(header.count - json.count == (8 - json.count % 8) % 8)
        #expect(bytes.count == 8 + length + 12)
        #expect(try SafeTensorsFile(contentsOf: url).entry(named: "a").byteRange == 8..<12)
    }

    @Test func halfAndBFloat16WidenToTheirExactFloatValues() throws {
        let file = try SafeTensorsFile(contentsOf: FixtureFiles.url("dtypes.safetensors"))
        let half = try file.floats("f16")
        #expect(half.shape == [3, 4])
        #expect(half.values.map(\.bitPattern) == (try file.floats("f16.as_f32")).values.map(\.bitPattern))
        #expect(Array(half.values[0..<9]) == [0, -0.0, 1, -2, 0.5, 65504, 0x1p-14, 0x1p-24, 1.0009765625])
        #expect(half.values[1].sign == .minus)
        #expect(half.values[9] == .infinity && half.values[10] == -.infinity)
        let bfloat = try file.floats("bf16")
        #expect(bfloat.values.map(\.bitPattern) == (try file.floats("bf16.as_f32")).values.map(\.bitPattern))
        #expect(bfloat.values[0] == 1 && bfloat.values[1] == -1.5 && bfloat.values[5] == 1.0078125)
        #expect(try file.floats("f32").values == [1.5, -2.25, 1e-30, 7])
        #expect(try file.floats("scalar") == HostTensor(shape: [], values: [2.5]))
    }

    @Test func everyHalfBitPatternWidensLikeFloat16() {
        for bits in UInt16.min...UInt16.max {
            let expected = Float(Float16(bitPattern: bits))
            let widened = HalfPrecision.float(halfBits: bits)
            if expected.isNaN {
                #expect(widened.isNaN)
            } else {
                #expect(widened.bitPattern == expected.bitPattern, "half bits \(bits)")
            }
        }
    }

    @Test func integerTensorsWidenToInt64() throws {
        let file = try SafeTensorsFile(contentsOf: FixtureFiles.url("dtypes.safetensors"))
        #expect(try file.integers("i64") == .init(shape: [5], values: [-100, 0, 1, 50256, 1 << 40]))
        #expect(try file.integers("i32") == .init(shape: [2, 2], values: [-7, 0, 123456, -2_147_483_648]))
    }

    @Test func readingWithTheWrongKindOfDTypeNamesTheTensor() throws {
        let file = try SafeTensorsFile(contentsOf: FixtureFiles.url("dtypes.safetensors"))
        let floatError = try #require(throws: CheckpointError.self) { try file.floats("i64") }
        #expect(floatError.tensor == "i64")
        #expect(floatError.problem == .wrongDType(found: "I64", expected: "F32, F16, BF16 or F64"))
        let integerError = try #require(throws: CheckpointError.self) { try file.integers("f32") }
        #expect(integerError.problem == .wrongDType(found: "F32", expected: "I64, I32, I16, I8, U8 or BOOL"))
        let missing = try #require(throws: CheckpointError.self) { try file.floats("absent") }
        #expect(missing.problem == .missingTensor)
        #expect(missing.description.hasSuffix("dtypes.safetensors: tensor 'absent' is missing"))
    }

    @Test func truncatedFileReportsTheTensorItCutsInto() throws {
        let folder = try FixtureFiles.scratchDirectory()
        let bytes = try Data(contentsOf: FixtureFiles.url("tiny/model.safetensors"))
        let url = folder.appendingPathComponent("cut.safetensors")
        try bytes.prefix(bytes.count - 10).write(to: url)
        let error = try #require(openingError(url))
        #expect(error.tensor == "transformer.wte.weight")
        guard case .offsetsOutOfRange = error.problem else {
            Issue.record("expected offsets out of range, got \(error)")
            return
        }
        try bytes.prefix(5).write(to: url)
        #expect(openingError(url)?.problem == .truncated(fileSize: 5))
    }

    @Test func headerLengthPastTheEndIsRejected() throws {
        let folder = try FixtureFiles.scratchDirectory()
        let url = folder.appendingPathComponent("long.safetensors")
        var bytes = withUnsafeBytes(of: UInt64(4096).littleEndian) { Array($0) }
        bytes += Array(#"{"a":{"dtype":"F32","shape":[],"data_offsets":[0,4]}}"#.utf8)
        try Data(bytes).write(to: url)
        let error = try #require(openingError(url))
        #expect(error.problem == .headerPastEnd(headerLength: 4096, fileSize: bytes.count))
        #expect(error.description.contains("long.safetensors: header length 4096 runs past the end"))
    }

    @Test func garbageJSONIsRejectedInOneLine() throws {
        let url = try handMadeFile(header: #"{"a": {"dtype": "F32", "#, dataBytes: 0, in: FixtureFiles.scratchDirectory())
        let error = try #require(openingError(url))
        #expect(error.problem == .malformedHeader(reason: "not valid JSON"))
        #expect(!error.description.contains("\n"))
        let notObject = try handMadeFile(header: "[1, 2]", dataBytes: 0, in: FixtureFiles.scratchDirectory())
        #expect(openingError(notObject)?.problem == .malformedHeader(reason: "header does not start with '{'"))
    }

    @Test func missingHeaderFieldNamesTheTensor() throws {
        let url = try handMadeFile(header: #"{"w":{"dtype":"F32","data_offsets":[0,4]}}"#, dataBytes: 4,
                                   in: FixtureFiles.scratchDirectory())
        let error = try #require(openingError(url))
        #expect(error.tensor == "w")
        #expect(error.problem == .malformedHeader(reason: "missing 'shape'"))
    }

    @Test func overlappingOffsetsNameBothTensors() throws {
        let header = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#
        let url = try handMadeFile(header: header, dataBytes: 12, in: FixtureFiles.scratchDirectory())
        let error = try #require(openingError(url))
        #expect(error.tensor == "b")
        #expect(error.problem == .overlapping(other: "a"))
        #expect(error.description.hasSuffix("hand.safetensors: tensor 'b' overlaps tensor 'a'"))
    }

    @Test func offsetsOutOfRangeAreRejected() throws {
        let header = #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#
        let url = try handMadeFile(header: header, dataBytes: 8, in: FixtureFiles.scratchDirectory())
        let error = try #require(openingError(url))
        #expect(error.tensor == "a")
        #expect(error.problem == .offsetsOutOfRange(begin: 0, end: 16, dataSize: 8))
        let reversed = try handMadeFile(header: #"{"a":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}}"#,
                                        dataBytes: 8, in: FixtureFiles.scratchDirectory())
        #expect(openingError(reversed)?.problem == .offsetsOutOfRange(begin: 8, end: 0, dataSize: 8))
    }

    @Test func shapeTimesDTypeSizeMustEqualTheByteSpan() throws {
        let header = #"{"w":{"dtype":"F16","shape":[3],"data_offsets":[0,8]}}"#
        let url = try handMadeFile(header: header, dataBytes: 8, in: FixtureFiles.scratchDirectory())
        let error = try #require(openingError(url))
        #expect(error.problem == .byteSpanMismatch(shape: [3], dtype: "F16", bytes: 8))
        #expect(error.description.contains("tensor 'w' has shape [3] of F16 but spans 8 bytes"))
    }

    @Test func unknownDTypeNamesTheTensor() throws {
        let header = #"{"w":{"dtype":"F8_E4M3","shape":[8],"data_offsets":[0,8]}}"#
        let url = try handMadeFile(header: header, dataBytes: 8, in: FixtureFiles.scratchDirectory())
        let error = try #require(openingError(url))
        #expect(error.tensor == "w")
        #expect(error.problem == .unknownDType("F8_E4M3"))
    }

    @Test func bytesBelongingToNoTensorAreRejected() throws {
        let header = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        let gap = try handMadeFile(header: header, dataBytes: 8, in: FixtureFiles.scratchDirectory())
        #expect(openingError(gap)?.problem == .unusedBytes(begin: 0, end: 4))
        let trailing = try handMadeFile(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#,
                                        dataBytes: 8, in: FixtureFiles.scratchDirectory())
        #expect(openingError(trailing)?.problem == .unusedBytes(begin: 4, end: 8))
    }

    @Test func failedWriteLeavesTheOldFileAndNoTemporaryFiles() throws {
        let folder = try FixtureFiles.scratchDirectory()
        let url = folder.appendingPathComponent("kept.safetensors")
        try SafeTensorsFile.write(["a": .float32(HostTensor(shape: [1], values: [1]))], to: url)
        let before = try Data(contentsOf: url)
        let bad = SafeTensorsFile.IntegerTensor(shape: [2], values: [1, 2, 3])
        let error = try #require(throws: CheckpointError.self) {
            try SafeTensorsFile.write(["a": .float32(HostTensor(shape: [1], values: [2])), "ids": .int64(bad)], to: url)
        }
        #expect(error.tensor == "ids")
        #expect(try Data(contentsOf: url) == before)
        try SafeTensorsFile.write(["a": .float32(HostTensor(shape: [1], values: [3]))], to: url)
        #expect(try SafeTensorsFile(contentsOf: url).floats("a").values == [3])
        #expect(try FixtureFiles.entries(of: folder) == ["kept.safetensors"])
    }

    @Test func writingIntoAMissingFolderFailsNamingTheFile() throws {
        let url = try FixtureFiles.scratchDirectory().appendingPathComponent("absent/w.safetensors")
        let error = try #require(throws: CheckpointError.self) {
            try SafeTensorsFile.write(["a": .float32(HostTensor(shape: [1], values: [1]))], to: url)
        }
        guard case .writeFailed = error.problem else {
            Issue.record("expected a write failure, got \(error)")
            return
        }
        #expect(error.file == url.path)
    }
}
