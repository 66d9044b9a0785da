import ArgumentParser
import Foundation
import GPT2
import GPT2TokenIDs

/// A model a benchmark builds with random weights: a preset name or a `LAYERSxWIDTH` shape, optionally with
/// another vocabulary size; `label` names it in rows (`micro`, `4x128 v3117`) the same way torch_reference.py does.
struct ModelShape: Equatable {
    var name: String
    var config: GPT2Config

    static let presets = "micro, gpt2, gpt2-medium, gpt2-large"

    /// `micro`, `gpt2`, ... or `4x128` (4 layers, width 128, one head per 32 channels, 128 positions).
    init(parsing text: String, vocabulary: Int? = nil) throws {
        guard var config = GPT2Config.preset(named: text) ?? Self.shape(text) else {
            throw ValidationError("unknown model '\(text)': a preset (\(Self.presets)) or LAYERSxWIDTH such as 4x128 "
                                  + "(width a multiple of 32)")
        }
        if let vocabulary {
            guard vocabulary >= 2 else { throw ValidationError("--vocab \(vocabulary) must be at least 2") }
            config.vocabSize = vocabulary
        }
        name = text
        self.config = config
    }

    /// Comma-separated models, each checked; at least one.
    static func list(_ text: String, vocabulary: Int? = nil) throws -> [ModelShape] {
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.isEmpty, !names.contains(where: \.isEmpty) else {
            throw ValidationError("--models '\(text)' needs one or more comma-separated names")
        }
        return try names.map { try ModelShape(parsing: $0, vocabulary: vocabulary) }
    }

    /// `micro`, or `4x128 v3117` when the vocabulary is not GPT-2's.
    var label: String { config.vocabSize == GPT2TokenIDs.vocabularySize ? name : "\(name) v\(config.vocabSize)" }

    static func shape(_ text: String) -> GPT2Config? {
        let parts = text.split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let layers = Int(parts[0]), let width = Int(parts[1]), layers > 0, width >= 32,
              width % 32 == 0 else { return nil }
        return GPT2Config(nLayer: layers, nHead: width / 32, nEmbd: width, nPositions: 128)
    }
}

/// The benchmarks' `--models` and `--vocab` options: random-weight models to build, as `ModelShape.list` reads them.
struct ModelShapeOptions: ParsableArguments {
    @Option(help: "Comma-separated models: presets (micro, gpt2, gpt2-medium, gpt2-large) or shapes LAYERSxWIDTH (4x128, heads = width / 32).")
    var models = "micro,gpt2"

    @Option(help: "Vocabulary size (default: GPT-2's 50257); the notebook's default base maps E2E text to 3117 ids.")
    var vocab: Int?

    /// The models, each checked.
    func shapes() throws -> [ModelShape] { try ModelShape.list(models, vocabulary: vocab) }
}
