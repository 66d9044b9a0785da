import Tokenizer

/// Pretraining text made of "restaurant documents": for each MR, all its references in a shuffled order,
/// each written as EOS + " " + reference, then one closing EOS; documents in a shuffled order, packed.
/// A base trained on these learns to repeat what an earlier mention of a restaurant said (REFERENCE.md, 7).
public enum RestaurantDocuments {
    /// The packed token stream. Draws: each group's references are shuffled in group order, then the documents.
    public static func tokenStream(groups: [ReferenceGroup], tokenizer: GPT2Tokenizer,
                                   using generator: inout SplitMix64) -> [Int32] {
        let end = Int32(GPT2Tokenizer.endOfText)
        var documents: [[Int32]] = []
        documents.reserveCapacity(groups.count)
        for group in groups {
            var document: [Int32] = []
            for reference in group.references.shuffled(seededBy: &generator) {
                document.append(end)
                document += tokenizer.encodeInt32(" " + reference)
            }
            document.append(end)
            documents.append(document)
        }
        documents.shuffle(seededBy: &generator)
        return Array(documents.joined())
    }
}
