import ArgumentParser
import Foundation
import GPT2
import DataStore
import Testing
import Tokenizer
@testable import lorabook

/// `lorabook generate --decoder paper|hf`: the paper's rules by default, HF's by name, on a real checkpoint folder.
@Suite struct GenerateCommandTests {
    @Test func thePaperDecoderIsTheDefaultAndHFIsOneFlagAway() throws {
        #expect(try GenerateCommand.parse(["--model", "m", "x"]).decoder == .paper)
        #expect(try GenerateCommand.parse(["--model", "m", "--decoder", "hf", "x"]).decoder == .hf)
        do {
            _ = try GenerateCommand.parse(["--model", "m", "--decoder", "fairseq", "x"])
            Issue.record("an unknown decoder was accepted")
        } catch {
            #expect(GenerateCommand.message(for: error).contains("fairseq"))
        }
    }

    /// A one-layer, 40-token GPT-2 with random weights, saved as a checkpoint folder (the caller removes it).
    static func savedTinyModel(seed: UInt64) throws -> (model: GPT2Model, folder: URL) {
        let config = GPT2Config(nLayer: 1, nHead: 2, nEmbd: 16, nPositions: 48, vocabSize: 40,
                                residDropout: 0, attnDropout: 0, embdDropout: 0)
        let model = try GPT2Model(config: config, seed: seed)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("generate-\(UUID())")
        try Checkpoint.save(config: config, tensors: model.namedParameters(), to: folder)
        return (model, folder)
    }

    @Test func eachDecoderGivesWhatItsSearchGivesOnTheSameCheckpoint() throws {
        let (model, folder) = try Self.savedTinyModel(seed: 5)
        defer { try? FileManager.default.removeItem(at: folder) }
        let prompts = [[1, 2, 3, 4, 1, 2, 3], [7, 8]]
        for rules in DecodingRules.allCases {
            let command = try GenerateCommand.parse(["--model", folder.path, "--decoder", rules.rawValue, "--beam", "4",
                                                     "--no-repeat", "3", "--max-new", "12", "--end-token", "0", "--ids",
                                                     "1 2 3 4 1 2 3", "7 8"])
            var generator = GPT2Generator(model: model, maxNewTokens: 12)
            let options = DecodingOptions(rules: rules, beamWidth: 4, noRepeatNGramSize: 3, maxNewTokens: 12, endTokens: [0])
            let expected = try generator.generate(prompts: prompts, options: options)
            #expect(try command.generate() == expected.map { $0.map(String.init).joined(separator: " ") }, "\(rules)")
        }
    }

    /// `--adapter` loads a PEFT LoRA folder on every target (q, k, v slices, o, fc, proj) and decodes with it merged.
    @Test func aLoRAAdapterOnEveryLinearLayerLoadsAndChangesTheOutput() throws {
        let (base, folder) = try Self.savedTinyModel(seed: 6)
        defer { try? FileManager.default.removeItem(at: folder) }
        let options = LoRAOptions(rank: 2, alpha: 8, dropout: 0, targets: LoRATarget.allCases)
        var adapted = base
        try adapted.attachLoRA(options, seed: 3)
        var tensors = adapted.loraTensors()
        for (name, tensor) in tensors where name.hasSuffix(".B") {
            tensors[name] = HostTensor(shape: tensor.shape, values: tensor.values.indices.map { Float(sin(Double($0))) * 0.5 })
        }
        try adapted.loadLoRATensors(tensors)
        let adapterFolder = folder.appendingPathComponent("adapter")
        try LoRAAdapterFile.save(tensors: tensors, rank: 2, alpha: 8, dropout: 0, targets: options.targets, baseModel: "tiny",
                                 base: base.config, to: adapterFolder)
        adapted.merge()
        let arguments = ["--decoder", "hf", "--beam", "3", "--max-new", "10", "--end-token", "0", "--ids", "1 2 3 4", "7 8"]
        let command = try GenerateCommand.parse(["--model", folder.path, "--adapter", adapterFolder.path] + arguments)
        let decoding = DecodingOptions(rules: .hf, beamWidth: 3, lengthPenalty: 1, noRepeatNGramSize: 0, repetitionPenalty: 1,
                                       maxNewTokens: 10, endTokens: [0])
        func expected(_ model: GPT2Model) throws -> [String] {
            var generator = GPT2Generator(model: model, maxNewTokens: 10)
            return try generator.generate(prompts: [[1, 2, 3, 4], [7, 8]], options: decoding).map { $0.map(String.init).joined(separator: " ") }
        }
        #expect(try command.generate() == expected(adapted))
        #expect(try GenerateCommand.parse(["--model", folder.path] + arguments).generate() == expected(base))
        #expect(try expected(adapted) != expected(base), "the adapter should change the output")
    }

    @Test func aModelSavedOnACorpusVocabularyReadsAndWritesTextThroughItsRows() throws {
        let folder = try Self.savedTinyModel(seed: 9).folder
        defer { try? FileManager.default.removeItem(at: folder) }
        // " family city children" is 1641 1748 1751 in GPT-2's vocabulary: rows 1, 2 and 3 here.
        let rows = [1000, 1641, 1748, 1751] + (0..<36).map { 3000 + 7 * $0 }
        try Data(("[" + rows.map(String.init).joined(separator: ",") + "]").utf8).write(to: folder.appendingPathComponent("vocabulary.json"))
        let byText = try GenerateCommand.parse(["--model", folder.path, "--max-new", "6", " family city children"]).generate()
        let byRows = try GenerateCommand.parse(["--model", folder.path, "--max-new", "6", "--ids", "1 2 3"]).generate()
        let expectedIDs = try #require(byRows.first).split(separator: " ").map { rows[Int($0)!] }
        let tokenizer = try GPT2Tokenizer(directory: DataLocation.dataDirectory(
            packageRoot: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).appendingPathComponent("gpt2"))
        #expect(byText == [GenerateCommand.escaped(tokenizer.paperOutputText(expectedIDs))])
        do {
            _ = try GenerateCommand.parse(["--model", folder.path, "Xylophone"]).generate()
            Issue.record("a prompt outside the model's vocabulary was accepted")
        } catch {
            #expect("\(error)".contains("is not in the model's vocabulary"))
        }
    }
}
