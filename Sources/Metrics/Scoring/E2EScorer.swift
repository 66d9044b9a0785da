/// The E2E challenge scorer (`measure_scores.py -p`): BLEU and NIST over mteval tokens (lowercased), and
/// METEOR, ROUGE-L and CIDEr over coco tokens (PTB tokenizer, lowercased, punctuation removed).
///
/// Order of work in the original, kept here: file lines are stripped; BLEU/NIST tokenise each raw string
/// (mteval rules, case kept) and lowercase only when forming n-grams; coco tokenises all references in one
/// jar call and all predictions in another, the jar lowercases, then punctuation tokens are dropped. All
/// references of an item count (clipping by the max count in any one reference, closest reference length
/// for BLEU, best precision/recall for ROUGE-L, mean over references for CIDEr). An empty prediction is one
/// empty token for BLEU/NIST and ROUGE-L, and no n-grams for CIDEr.
///
/// Scoring streams (`E2EStreamScorer`): memory holds a batch of items and the metrics' statistics.
public struct E2EScorer {
    /// Supplies METEOR; without one, `E2EScores.meteor` is nil.
    public var meteor: (any METEORScoring)?

    public init(meteor: (any METEORScoring)? = nil) { self.meteor = meteor }

    /// Scores one prediction per item against that item's references (at least one each); with `sharing`, the
    /// per-item work is shared out among processes (`E2EStreamScorer`).
    public func score(predictions: [String], references: [[String]], predictionsFile: String? = nil,
                      referencesFile: String? = nil, sharing: E2EScoreSharing? = nil) throws -> E2EScores {
        guard predictions.count == references.count else {
            throw MetricsError.countMismatch(predictions: predictions.count, referenceGroups: references.count,
                                             predictionsFile: predictionsFile, referencesFile: referencesFile)
        }
        guard !predictions.isEmpty else { throw MetricsError.noItems(file: predictionsFile) }
        if let empty = references.firstIndex(where: \.isEmpty) {
            throw MetricsError.emptyReferenceGroup(index: empty, file: referencesFile, line: nil)
        }
        return try E2EStreamScorer(meteor: meteor).score(items: {
            zip(predictions, references).lazy.map { E2EItem(prediction: $0, references: $1) }
        }, referencesFile: referencesFile, sharing: sharing)
    }

    /// BLEU and NIST as `pymteval.py` computes them.
    public static func mtevalScores(predictions: [String], references: [[String]]) -> (bleu: Double, nist: Double) {
        var statistics = MTEvalStatistics()
        for group in references { statistics.addReferences(group) }
        for (prediction, group) in zip(predictions, references) {
            let item = statistics.itemStatistics(prediction: prediction, references: group)
            statistics.add(bleu: item.bleu, nist: item.nist)
        }
        return statistics.scores
    }
}
