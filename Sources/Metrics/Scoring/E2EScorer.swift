/// The E2E challenge scorer (`measure_scores.py -p`): BLEU and NIST over mteval tokens (lowercased), and
/// METEOR, ROUGE-L and CIDEr over coco tokens (PTB tokenizer, lowercased, punctuation removed).
///
/// Order of work in the original, kept here: file lines are stripped; BLEU/NIST tokenise each raw string
/// (mteval rules, case kept) and lowercase only when forming n-grams; coco tokenises all references in one
/// jar call and all predictions in another, the jar lowercases, then punctuation tokens are dropped. All
/// references of an item count (clipping by the max count in any one reference, closest reference length
/// for BLEU, best precision/recall for ROUGE-L, mean over references for CIDEr). An empty prediction is one
/// empty token for BLEU/NIST and ROUGE-L, and no n-grams for CIDEr.
public struct E2EScorer {
    /// Supplies METEOR; without one, `E2EScores.meteor` is nil.
    public var meteor: (any METEORScoring)?

    public init(meteor: (any METEORScoring)? = nil) { self.meteor = meteor }

    /// Scores one prediction per item against that item's references (at least one each).
    public func score(predictions: [String], references: [[String]],
                      predictionsFile: String? = nil, referencesFile: String? = nil) throws -> E2EScores {
        guard predictions.count == references.count else {
            throw MetricsError.countMismatch(predictions: predictions.count, referenceGroups: references.count,
                                             predictionsFile: predictionsFile, referencesFile: referencesFile)
        }
        guard !predictions.isEmpty else { throw MetricsError.noItems(file: predictionsFile) }
        if let empty = references.firstIndex(where: \.isEmpty) {
            throw MetricsError.emptyReferenceGroup(index: empty, file: referencesFile, line: nil)
        }
        // Independent metrics run two at a time (each on its own inputs, so the scores are the sequential ones).
        var bleu = 0.0, nist = 0.0
        var cocoReferences: [[String]] = [], cocoPredictions: [String] = []
        ScoringThreads.both({
            (bleu, nist) = Self.mtevalScores(predictions: predictions, references: references)
        }, {
            // coco tokenises all references in one call and all predictions in another, in item order.
            let cocoReferencesFlat = CocoTokenizer().tokenize(references.flatMap { $0 })
            cocoReferences.reserveCapacity(references.count)
            var offset = 0
            for group in references {
                cocoReferences.append(Array(cocoReferencesFlat[offset..<(offset + group.count)]))
                offset += group.count
            }
            cocoPredictions = CocoTokenizer().tokenize(predictions)
        })
        var rougeL = 0.0, cider = 0.0
        ScoringThreads.both({
            cider = CIDEr().corpusScore(candidates: cocoPredictions, references: cocoReferences)
        }, {
            rougeL = ROUGEL().corpusScore(candidates: cocoPredictions, references: cocoReferences)
        })
        let meteorScore = try meteor?.corpusScore(hypotheses: cocoPredictions, references: cocoReferences)
        return E2EScores(bleu: bleu, nist: nist, meteor: meteorScore, rougeL: rougeL, cider: cider)
    }

    /// BLEU and NIST as `pymteval.py` computes them.
    public static func mtevalScores(predictions: [String], references: [[String]]) -> (bleu: Double, nist: Double) {
        let tokenizer = MTEvalTokenizer()
        var vocabulary = TokenVocabulary()
        var bleu = BLEU()
        var nist = NIST()
        for (prediction, group) in zip(predictions, references) {
            let candidate = vocabulary.lowercasedIds(for: tokenizer.tokenize(prediction))
            let referenceIds = group.map { vocabulary.lowercasedIds(for: tokenizer.tokenize($0)) }
            let segment = SegmentNGrams(candidate: candidate, references: referenceIds, maxOrder: max(bleu.maxOrder, nist.maxOrder))
            bleu.append(segment)
            nist.append(segment, references: referenceIds)
        }
        return (bleu.score, nist.score)
    }
}
