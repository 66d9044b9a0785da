import ArgumentParser
import Testing
@testable import lorabook

@Suite struct ModelShapeTests {
    @Test func layersByWidthBuildsAGPT2ShapeWithOneHeadPer32Channels() throws {
        let shape = try ModelShape(parsing: "4x128")
        #expect(shape.config.nLayer == 4)
        #expect(shape.config.nEmbd == 128)
        #expect(shape.config.nHead == 4)
        #expect(shape.config.nPositions == 128)
        #expect(shape.config.vocabSize == 50257)
        #expect(shape.label == "4x128")
    }

    @Test func presetsKeepTheirShapeAndAVocabularyOverrideShowsInTheLabel() throws {
        let micro = try ModelShape(parsing: "micro")
        #expect(micro.config.nLayer == 4 && micro.config.nEmbd == 256 && micro.config.nHead == 4)
        let notebook = try ModelShape(parsing: "4x128", vocabulary: 3117)
        #expect(notebook.config.vocabSize == 3117)
        #expect(notebook.label == "4x128 v3117")
        #expect(try ModelShape(parsing: "gpt2", vocabulary: 50257).label == "gpt2")
    }

    @Test(arguments: ["4y128", "4x", "x128", "0x128", "4x100", "4x16", "4x128x2", "gpt3", ""])
    func malformedShapesAndUnknownPresetsAreRejectedByName(text: String) {
        #expect(ModelShape.shape(text) == nil)
        let error = #expect(throws: ValidationError.self) { try ModelShape(parsing: text) }
        #expect(error?.message.contains("unknown model '\(text)'") == true)
    }

    @Test func aListNeedsEveryEntryNamed() throws {
        #expect(try ModelShape.list("micro, 4x128").map(\.name) == ["micro", "4x128"])
        let empty = #expect(throws: ValidationError.self) { try ModelShape.list("micro,,gpt2") }
        #expect(empty?.message.contains("comma-separated") == true)
        let vocabulary = #expect(throws: ValidationError.self) { try ModelShape.list("micro", vocabulary: 1) }
        #expect(vocabulary?.message.contains("--vocab 1") == true)
    }
}
