import Foundation
import Tokenizer
import SeededRandom

/// One of the E2E NLG challenge's data splits.
public enum E2ESplitName: String, CaseIterable, Sendable {
    case train, dev, test

    /// The CSV under the data folder's `e2e/` (the test split is the version with references).
    public var fileName: String {
        switch self {
        case .train: "trainset.csv"
        case .dev: "devset.csv"
        case .test: "testset_w_refs.csv"
        }
    }
}

/// One (MR, human reference) row of an E2E CSV.
public struct E2EPair: Sendable, Hashable {
    public var mr: MeaningRepresentation
    /// The reference as written in the CSV.
    public var rawReference: String
    /// The reference tokenised as in the LoRA repo's files (the completion text).
    public var reference: String
    /// The CSV line where the row starts.
    public var line: Int

    public init(mr: MeaningRepresentation, rawReference: String, reference: String, line: Int) {
        self.mr = mr
        self.rawReference = rawReference
        self.reference = reference
        self.line = line
    }
}

/// All references written for one MR, in file order.
public struct ReferenceGroup: Sendable, Hashable {
    public var mr: MeaningRepresentation
    public var rawReferences: [String]
    public var references: [String]

    public init(mr: MeaningRepresentation, rawReferences: [String], references: [String]) {
        self.mr = mr
        self.rawReferences = rawReferences
        self.references = references
    }
}

/// Which MRs of a split to keep; whole MRs are kept, with all their references.
public enum E2ESubset: Sendable, Hashable {
    case all
    /// The first `count` distinct MRs in file order.
    case firstMRs(Int)
    /// `count` distinct MRs drawn without replacement by a `SplitMix64` seeded with `seed`.
    case sampledMRs(Int, seed: UInt64)
}

/// An E2E split as pairs (file order) and as references grouped per MR (first-seen order).
public struct E2ESplit: Sendable {
    public var name: String
    public var pairs: [E2EPair]
    public var groups: [ReferenceGroup]

    public init(name: String, pairs: [E2EPair]) {
        self.name = name
        self.pairs = pairs
        var groupIndex: [String: Int] = [:]
        var groups: [ReferenceGroup] = []
        for pair in pairs {
            if let index = groupIndex[pair.mr.text] {
                groups[index].rawReferences.append(pair.rawReference)
                groups[index].references.append(pair.reference)
            } else {
                groupIndex[pair.mr.text] = groups.count
                groups.append(ReferenceGroup(mr: pair.mr, rawReferences: [pair.rawReference],
                                             references: [pair.reference]))
            }
        }
        self.groups = groups
    }

    /// Loads `e2e/<split>.csv` from the data folder, checks every MR, and tokenises every reference.
    public static func load(_ split: E2ESplitName, dataDirectory: URL, subset: E2ESubset = .all,
                            referenceTokenizer: ReferenceTokenizer = ReferenceTokenizer()) throws(E2EDataError)
        -> E2ESplit {
        let url = dataDirectory.appendingPathComponent("e2e").appendingPathComponent(split.fileName)
        let pairs = try read(url, referenceTokenizer: referenceTokenizer)
        return E2ESplit(name: split.rawValue, pairs: pairs).subset(subset)
    }

    /// Reads a CSV with columns `mr` and `ref` (any case, any order) into pairs.
    public static func read(_ url: URL, referenceTokenizer: ReferenceTokenizer = ReferenceTokenizer())
        throws(E2EDataError) -> [E2EPair] {
        let table = try CSVTable.read(url)
        let columns = try table.columns(named: ["mr", "ref"])
        var pairs: [E2EPair] = []
        pairs.reserveCapacity(table.records.count)
        for record in table.records {
            let mr = try parseMR(record[columns[0]], file: table.file)
            let raw = record[columns[1]].text
            pairs.append(E2EPair(mr: mr, rawReference: raw, reference: referenceTokenizer.tokenize(raw),
                                 line: record[0].line))
        }
        return pairs
    }

    /// Reads the MRs of a CSV whose header has an `mr` column (such as `testset.csv`, which has no references).
    public static func readMRs(_ url: URL) throws(E2EDataError) -> [MeaningRepresentation] {
        let table = try CSVTable.read(url)
        let column = try table.columns(named: ["mr"])[0]
        var mrs: [MeaningRepresentation] = []
        for record in table.records {
            mrs.append(try parseMR(record[column], file: table.file))
        }
        return mrs
    }

    static func parseMR(_ field: CSVTable.Field, file: String) throws(E2EDataError) -> MeaningRepresentation {
        do {
            return try MeaningRepresentation(parsing: field.text)
        } catch {
            throw .malformed(file: file, line: field.line, column: field.column + error.offset, message: error.message)
        }
    }

    /// Every pair encoded as a training example, in file order.
    public func examples(tokenizer: GPT2Tokenizer) -> [EncodedExample] {
        pairs.map { EncodedExample($0, tokenizer: tokenizer) }
    }

    /// The pairs of the chosen MRs, in file order.
    public func subset(_ subset: E2ESubset) -> E2ESplit {
        let kept: [ReferenceGroup]
        switch subset {
        case .all:
            return self
        case let .firstMRs(count):
            kept = Array(groups.prefix(max(0, count)))
        case let .sampledMRs(count, seed):
            var generator = SplitMix64(seed: seed)
            kept = Array(groups.shuffled(seededBy: &generator).prefix(max(0, count)))
        }
        let texts = Set(kept.map(\.mr.text))
        return E2ESplit(name: name, pairs: pairs.filter { texts.contains($0.mr.text) })
    }

    /// The MRs that pair their restaurant name with at least one slot value that no MR of `seen` pairs that name
    /// with: new combinations of known values, as most E2E test MRs are (2% of the test MRs have every pair in
    /// the training MRs, 74% of the dev MRs do). Keeps the MRs' order and all their references.
    public func withUnseenNamePairs(against seen: E2ESplit) -> E2ESplit {
        func namePairs(_ mr: MeaningRepresentation) -> (name: String, pairs: [String])? {
            guard let name = mr.slots.first(where: { $0.slot == .name })?.value else { return nil }
            return (name, mr.slots.filter { $0.slot != .name }.map { "\($0.slot.rawValue)[\($0.value)]" })
        }
        var known: [String: Set<String>] = [:]
        for group in seen.groups {
            if let entry = namePairs(group.mr) { known[entry.name, default: []].formUnion(entry.pairs) }
        }
        let texts = Set(groups.filter { group in
            guard let entry = namePairs(group.mr) else { return false }
            let pairs = known[entry.name] ?? []
            return entry.pairs.contains { !pairs.contains($0) }
        }.map(\.mr.text))
        return E2ESplit(name: name, pairs: pairs.filter { texts.contains($0.mr.text) })
    }
}
