import Tokenizer
import SeededRandom
import GPT2TokenIDs

/// Pretraining text made of "restaurant documents": for each MR, all its references in a shuffled order,
/// each written as EOS + " " + reference, then one closing EOS; documents in a shuffled order, packed.
/// A base trained on these learns to repeat what an earlier mention of a restaurant said (REFERENCE.md, 7).
public enum RestaurantDocuments {
    /// The packed token stream. Draws: each group's references are shuffled in group order, then the documents.
    /// With `shuffledNames`, each document's restaurant (`name`) and landmark (`near`) are first replaced, in all
    /// of its references, by names drawn for that document (see `NameShuffle`).
    public static func tokenStream(groups: [ReferenceGroup], tokenizer: GPT2Tokenizer,
                                   using generator: inout SplitMix64, shuffledNames: NameShuffle? = nil) -> [Int32] {
        let end = Int32(GPT2TokenIDs.endOfText)
        let referenceTokenizer = ReferenceTokenizer()
        var documents: [[Int32]] = []
        documents.reserveCapacity(groups.count)
        for (index, group) in groups.enumerated() {
            var document: [Int32] = []
            let renaming = shuffledNames?.renaming(for: group, document: index, referenceTokenizer: referenceTokenizer) ?? []
            for reference in group.references.shuffled(seededBy: &generator) {
                document.append(end)
                document += tokenizer.encodeInt32(" " + NameShuffle.apply(renaming, to: reference))
            }
            document.append(end)
            documents.append(document)
        }
        documents.shuffle(seededBy: &generator)
        return Array(documents.joined())
    }
}

/// Names drawn anew for every restaurant document, so that a base cannot learn which restaurant has which food,
/// area or landmark: E2E's MRs are fictional restaurants, and most test MRs pair a name with values no training
/// MR pairs it with. A base that memorised the training pairs writes the remembered restaurant instead of the
/// MR's; GPT-2 never read these restaurants, so what it brings to E2E is copying a name, not recalling one.
///
/// Each document draws its `name` from the distinct `name` values of all groups and its `near` from the distinct
/// `near` values, with a generator of its own (seed and document index), so the draws do not disturb the
/// document order. A value is replaced where it appears as a whole phrase of the tokenised reference.
public struct NameShuffle: Sendable, Hashable {
    public var seed: UInt64
    let names: [String]
    let landmarks: [String]

    public init(groups: [ReferenceGroup], seed: UInt64) {
        self.seed = seed
        names = Self.distinctValues(of: .name, in: groups)
        landmarks = Self.distinctValues(of: .near, in: groups)
    }

    static func distinctValues(of slot: E2ESlot, in groups: [ReferenceGroup]) -> [String] {
        var seen = Set<String>()
        var values: [String] = []
        for group in groups {
            for entry in group.mr.slots where entry.slot == slot && seen.insert(entry.value).inserted {
                values.append(entry.value)
            }
        }
        return values
    }

    /// The (old, new) phrase pairs for one document, in the references' tokenised form.
    func renaming(for group: ReferenceGroup, document: Int, referenceTokenizer: ReferenceTokenizer) -> [(String, String)] {
        var generator = SplitMix64(seed: seed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(document + 1))
        var pairs: [(String, String)] = []
        for entry in group.mr.slots {
            let pool: [String]
            switch entry.slot {
            case .name: pool = names
            case .near: pool = landmarks
            default: continue
            }
            guard !pool.isEmpty else { continue }
            let drawn = pool[generator.nextInt(below: pool.count)]
            let old = referenceTokenizer.tokenize(entry.value)
            let new = referenceTokenizer.tokenize(drawn)
            if !old.isEmpty, old != new { pairs.append((old, new)) }
        }
        return pairs
    }

    /// Replaces every whole-phrase occurrence (bounded by the text's ends or spaces) of each old phrase; the pairs
    /// are applied together, so a name drawn for `name` is never renamed again as a `near` value.
    static func apply(_ renaming: [(String, String)], to reference: String) -> String {
        guard !renaming.isEmpty else { return reference }
        let words = reference.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let phrases = renaming.map { (old: $0.0.split(separator: " ").map(String.init), new: $0.1) }
            .sorted { $0.old.count > $1.old.count }
        var out: [String] = []
        var i = 0
        while i < words.count {
            if let match = phrases.first(where: { !$0.old.isEmpty && i + $0.old.count <= words.count
                                                  && Array(words[i..<(i + $0.old.count)]) == $0.old }) {
                out.append(match.new)
                i += match.old.count
            } else {
                out.append(words[i])
                i += 1
            }
        }
        return out.joined(separator: " ")
    }
}
