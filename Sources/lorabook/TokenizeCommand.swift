import ArgumentParser
import DataStore
import Foundation
import Tokenizer

/// `lorabook tokenize`: GPT-2 ids of text, or text of ids, for checking what the model sees.
struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Print the GPT-2 token ids of text (or, with --decode, the text of ids).",
        discussion: """
            Reads the arguments joined by spaces, or standard input when none are given. Ids are printed \
            space-separated on one line. '<|endoftext|>' in text is ordinary text unless --special is given.
            """
    )

    @Flag(help: "Read space-separated ids and print their text.")
    var decode = false

    @Flag(help: "Encode each literal '<|endoftext|>' as the single id 50256.")
    var special = false

    @Option(help: "Data folder holding gpt2/encoder.json and gpt2/vocab.bpe (default: $LORABOOK_DATA or ./data).")
    var data: String?

    @Argument(help: "Text to encode, or ids to decode; standard input when omitted.")
    var text: [String] = []

    func run() throws {
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let dataDirectory = data.map { URL(fileURLWithPath: $0) } ?? DataLocation.dataDirectory(packageRoot: root)
        let tokenizer: GPT2Tokenizer
        do {
            tokenizer = try GPT2Tokenizer(directory: dataDirectory.appendingPathComponent("gpt2"), cacheCapacity: 0)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode.failure
        }
        let input: String
        if text.isEmpty {
            input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            input = text.joined(separator: " ")
        }
        if decode {
            var ids: [Int] = []
            for (index, word) in input.split(whereSeparator: { $0.isWhitespace || $0 == "," }).enumerated() {
                guard let id = Int(word), id >= 0, id < tokenizer.vocabularySize else {
                    let message = "error: item \(index + 1) ('\(word)') is not a token id in 0..<\(tokenizer.vocabularySize)"
                    FileHandle.standardError.write(Data((message + "\n").utf8))
                    throw ExitCode.failure
                }
                ids.append(id)
            }
            FileHandle.standardOutput.write(Data(tokenizer.decodeBytes(ids)))
            if !text.isEmpty { print() }
        } else {
            let ids = tokenizer.encode(input, recognizingEndOfText: special)
            print(ids.map(String.init).joined(separator: " "))
        }
    }
}
