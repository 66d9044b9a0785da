import DataStore
import E2E
import Foundation
import GPT2
import Report
import Runner
import Script
import Tokenizer
import GPT2TokenIDs

/// The token ids a model's embedding table holds: all of GPT-2's, or only those a corpus uses (a compact map).
public final class VocabularyObject: ReportableObject, PersistableObject {
    /// nil for GPT-2's full vocabulary.
    public let map: VocabularyMap?

    init(map: VocabularyMap?) {
        self.map = map
    }

    public var size: Int { map?.count ?? GPT2TokenIDs.vocabularySize }
    public var typeName: String { "Vocabulary" }
    public var memberNames: [String] { ["size", "isFull"] }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "size": return .int(size)
        case "isFull": return .bool(map == nil)
        default: return nil
        }
    }

    public var fingerprint: String {
        guard let map else { return "vocabulary:gpt2-full" }
        return SHA256.hex(of: Array(map.originalIDs.map(String.init).joined(separator: ",").utf8))
    }

    public var summary: String {
        map == nil ? "GPT-2 vocabulary (50,257 ids)" : "Compact vocabulary: \(size) of GPT-2's 50,257 ids"
    }

    public var reportOutputs: [CellOutput] { [.text(summary)] }

    public func resultEntries(key: String) -> [ResultEntry] {
        [ResultEntry(key: "\(key).size", kind: .count, number: Double(size))]
    }

    public func persist(to directory: URL) throws {
        try JSONEncoder().encode(map?.originalIDs ?? []).write(to: directory.appendingPathComponent("vocabulary.json"))
    }

    static let restorer: ObjectRestorer = { directory in
        let ids = try JSONDecoder().decode([Int32].self, from: Data(contentsOf: directory.appendingPathComponent("vocabulary.json")))
        return VocabularyObject(map: ids.isEmpty ? nil : try VocabularyMap(tokenIDs: ids, originalVocabSize: GPT2TokenIDs.vocabularySize))
    }

    /// Every id of the text datasets' examples (MR context and completion) and references, of the MRs of `mrsOf`,
    /// end-of-text and the blank line (`\n\n`, 628, a stop token). Test references belong in neither list: a
    /// deployed model knows its training text and the MRs it is asked about, never the answers.
    static func corpusBuiltin(_ environment: NotebookEnvironment) -> Builtin {
        Builtin("corpusVocabulary", parameters: [.unlabeled("datasets", .array(.object("Dataset"))),
                                                 Parameter("mrsOf", .array(.object("Dataset")), default: .array([]))],
                summary: "A compact vocabulary: the GPT-2 ids of the datasets' text and of other datasets' MRs, plus end-of-text and the blank line.") { arguments, _ in
            let tokenizer = try environment.tokenizer()
            var ids: Set<Int32> = [Int32(GPT2TokenIDs.endOfText), Int32(GPT2TokenIDs.blankLine)]
            func datasets(_ name: String) throws -> [DatasetObject] {
                try arguments.array(name).compactMap { value in
                    guard case .object(let object) = value else { return nil }
                    return object as? DatasetObject
                }
            }
            for dataset in try datasets("datasets") {
                for example in dataset.split.examples(tokenizer: tokenizer) { ids.formUnion(example.tokens) }
                for group in dataset.split.groups {
                    for reference in group.references { ids.formUnion(tokenizer.encodeInt32(" " + reference)) }
                }
            }
            for dataset in try datasets("mrsOf") {
                for group in dataset.split.groups { ids.formUnion(tokenizer.encodeInt32(group.mr.loraText)) }
            }
            return .object(VocabularyObject(map: try VocabularyMap(tokenIDs: ids.sorted(), originalVocabSize: GPT2TokenIDs.vocabularySize)))
        }
    }

    static let fullBuiltin = Builtin("fullVocabulary", summary: "GPT-2's whole vocabulary, as real checkpoints use.") { _, _ in
        .object(VocabularyObject(map: nil))
    }
}
