import ArgumentParser
import DataStore
import Foundation
import GPT2
import Tokenizer
import GPT2TokenIDs

/// `lorabook generate`: continues each prompt with a checkpoint (and optional LoRA or prefix adapter), greedily or by
/// beam search, and prints one line per prompt.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Continue prompts with a GPT-2 checkpoint, greedily or by beam search (KV-cached; the LoRA paper's or HF's rules)."
    )

    @Option(help: "Checkpoint folder (config.json + model.safetensors) or a model id in the local Hugging Face cache.")
    var model: String

    @Option(help: "Adapter folder for that base (adapter_config.json + adapter_model.safetensors): PEFT LoRA, PEFT prefix tuning, or lorabook's bottleneck adapters (AdapterH / AdapterL).")
    var adapter: String?

    @Option(help: ArgumentHelp("Search rules: 'paper' (the LoRA repository's gpt2_beam.py and gpt2_decode.py: n-grams banned over the output only, text cut at the first end token or blank line) or 'hf' (Hugging Face generate).", valueName: "paper|hf"))
    var decoder: DecodingRules = .paper

    @Option(parsing: .unconditional, help: "Beam width; 1 decodes greedily.")
    var beam = 1

    @Option(parsing: .unconditional, help: "A finished beam scores sum(log p) / length^X.")
    var lengthPenalty = 1.0

    @Option(parsing: .unconditional, help: "Ban repeating any n-gram of this size (0: off).")
    var noRepeat = 0

    @Option(parsing: .unconditional, help: "Divide the scores of tokens already in the sequence by X (1: off).")
    var repetitionPenalty: Float = 1

    @Option(parsing: .unconditional, help: "Most new tokens per prompt.")
    var maxNew = 64

    @Option(parsing: .upToNextOption, help: "Token ids that end a continuation (default: 50256, and 628 for 'paper', where the vocabulary has them).")
    var endToken: [Int] = []

    @Option(parsing: .unconditional, help: "Keep only the last N prompt tokens (the LoRA paper uses 448).")
    var maxPrompt: Int?

    @Option(help: "Data folder holding gpt2/encoder.json and gpt2/vocab.bpe (default: $LORABOOK_DATA or ./data).")
    var data: String?

    @Flag(help: "Prompts and outputs are space-separated token ids instead of text.")
    var ids = false

    @Argument(help: "Prompts, one continuation line each.")
    var prompts: [String]

    func run() throws {
        do {
            print(try generate().joined(separator: "\n"))
        } catch let error as any Error & CustomStringConvertible {
            FileHandle.standardError.write(Data(("error: " + error.description + "\n").utf8))
            throw ExitCode.failure
        }
    }

    func generate() throws -> [String] {
        guard !prompts.isEmpty else { throw GenerationError("no prompt given") }
        let requested = DecodingOptions(beamWidth: beam, lengthPenalty: lengthPenalty, noRepeatNGramSize: noRepeat,
                                        repetitionPenalty: repetitionPenalty, maxNewTokens: maxNew, endTokens: endToken)
        try DecodingLimits.validateSettings(requested)
        if let maxPrompt, maxPrompt < 1 { throw GenerationError("max prompt must be at least 1, got \(maxPrompt)") }
        let directory = try Checkpoint.resolve(model)
        let checkpoint = try Checkpoint.load(directory: directory)
        var network = try GPT2Model(config: checkpoint.config, weights: checkpoint.tensors)
        let adapterFolder = adapter.map { URL(fileURLWithPath: $0, isDirectory: true) }
        if let adapterFolder, BottleneckAdapterFile.holdsBottleneckAdapter(adapterFolder) {
            try BottleneckAdapterFile.attach(from: adapterFolder, to: &network)
        } else if let adapterFolder, PrefixAdapterFile.isPrefix(adapterFolder) {
            try network.loadPrefix(from: adapterFolder)
        } else if let adapterFolder {
            let contents = try LoRAAdapterFile.load(from: adapterFolder, base: checkpoint.config)
            let targets = contents.targets
            try network.attachLoRA(LoRAOptions(rank: contents.rank, alpha: contents.alpha, dropout: 0, targets: targets),
                                   seed: 0)
            try network.loadLoRATensors(contents.tensors)
            network.merge()
        }
        let vocabulary = checkpoint.config.vocabSize
        let tokenizer = ids ? nil : try GPT2Tokenizer(directory: dataDirectory().appendingPathComponent("gpt2"))
        // A model saved on a corpus vocabulary numbers its rows; text goes through the GPT-2 ids it lists.
        let rows = try tokenizer.flatMap { try Self.vocabularyMap(in: directory, originalSize: $0.vocabularySize, rowCount: vocabulary) }
        let inputs = try prompts.enumerated().map { index, prompt in
            var tokens = try tokenizer.map { $0.encode(prompt) } ?? Self.parseIDs(prompt, place: "prompt \(index + 1)")
            if let rows {
                tokens = try tokens.map { id in
                    guard let row = rows.compactID(Int32(id)) else {
                        throw GenerationError("prompt \(index + 1): token id \(id) is not in the model's vocabulary (its vocabulary.json)")
                    }
                    return Int(row)
                }
            }
            guard !tokens.isEmpty else { throw GenerationError("prompt \(index + 1) is empty: decoding needs at least one token") }
            return tokens
        }
        let defaultEnds = decoder == .paper ? [GPT2TokenIDs.endOfText, GPT2TokenIDs.blankLine] : [GPT2TokenIDs.endOfText]
        let ends = endToken.isEmpty
            ? defaultEnds.compactMap { id in rows.map { $0.compactID(Int32(id)).map { Int($0) } } ?? id }.filter { $0 < vocabulary }
            : endToken
        let options = DecodingOptions(rules: decoder, beamWidth: beam, lengthPenalty: lengthPenalty, noRepeatNGramSize: noRepeat,
                                      repetitionPenalty: repetitionPenalty, maxNewTokens: maxNew, endTokens: ends)
        try DecodingLimits.validate(options, config: checkpoint.config, prompts: inputs.count)
        var generator = GPT2Generator(model: network, maxNewTokens: maxNew, maxPromptLength: maxPrompt)
        let outputs = try generator.generate(prompts: inputs, options: options)
        return outputs.map { generated in
            let tokens = rows.map { map in generated.map { Int(map.originalID(Int32($0))) } } ?? generated
            guard let tokenizer else { return tokens.map(String.init).joined(separator: " ") }
            return Self.escaped(decoder == .paper ? tokenizer.paperOutputText(tokens) : tokenizer.decode(tokens))
        }
    }

    /// The rows of a model saved with `vocabulary.json` (see `save(model, as:)`), or nil for a full GPT-2 vocabulary.
    static func vocabularyMap(in directory: URL, originalSize: Int, rowCount: Int) throws -> VocabularyMap? {
        let url = directory.appendingPathComponent("vocabulary.json")
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let map: VocabularyMap
        let ids: [Int32]
        do {
            ids = try JSONDecoder().decode([Int32].self, from: Data(contentsOf: url))
            map = try VocabularyMap(tokenIDs: ids, originalVocabSize: originalSize)
        } catch {
            throw GenerationError("\(url.path): not a list of GPT-2 token ids (\(error))")
        }
        guard map.originalIDs == ids, ids.count == rowCount else {
            throw GenerationError("\(url.path): must list \(rowCount) distinct GPT-2 ids in increasing order, one per row of the model")
        }
        return map
    }

    private func dataDirectory() -> URL {
        if let data { return URL(fileURLWithPath: data, isDirectory: true) }
        return DataLocation.dataDirectory(packageRoot: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    }

    /// Space- or comma-separated non-negative integers.
    static func parseIDs(_ text: String, place: String) throws -> [Int] {
        try text.split(whereSeparator: { $0 == " " || $0 == "," }).map { field in
            guard let id = Int(field), id >= 0 else { throw GenerationError("\(place): '\(field)' is not a token id") }
            return id
        }
    }

    /// One output line: backslashes, newlines, carriage returns and tabs written as escapes.
    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\r\n": result += "\\r\\n"
            case "\t": result += "\\t"
            default: result.append(character)
            }
        }
        return result
    }
}

extension DecodingRules: ExpressibleByArgument {}
