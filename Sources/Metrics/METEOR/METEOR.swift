import Foundation

/// METEOR 1.5 for English, as the E2E scorer runs it (`meteor-1.5.jar - - -stdio -l en -norm`
/// through pycocoevalcap): exact, stem, WordNet synonym and paraphrase matching, with one corpus
/// score computed from summed segment statistics. Needs no Java.
public struct METEOR: Sendable {
    public let parameters: METEORParameters
    public let normalizer: METEORNormalizer
    let stemmer = EnglishStemmer()
    let synonyms: WordNetSynonyms
    let paraphrases: ParaphraseTable
    let functionWords: Set<String>

    /// File names METEOR reads from its data folder.
    public static let dataFiles = [
        "english.synsets", "english.exceptions", "english.words", "english.prefixes", "paraphrase-en.gz",
    ]

    /// Loads METEOR's English data from `dataDirectory` (the provisioned `data/meteor` folder).
    public init(dataDirectory: URL, parameters: METEORParameters = .english) throws {
        func file(_ name: String) -> URL { dataDirectory.appendingPathComponent(name) }
        self.parameters = parameters
        synonyms = try WordNetSynonyms(synsetsFile: file("english.synsets"), exceptionsFile: file("english.exceptions"))
        functionWords = Set(try TextFileLines(url: file("english.words")).lines.map(String.init))
        normalizer = METEORNormalizer(prefixes: try Self.loadPrefixes(file("english.prefixes")))
        paraphrases = try ParaphraseTable(gzipFile: file("paraphrase-en.gz"))
    }

    /// Reads a non-breaking prefix list: one prefix a line, `#` comments, `#NUMERIC_ONLY#` marks.
    static func loadPrefixes(_ url: URL) throws -> [String: METEORNormalizer.PrefixKind] {
        var prefixes: [String: METEORNormalizer.PrefixKind] = [:]
        for line in try TextFileLines(url: url).lines {
            let tokens = TextFileLines.tokens(line)
            guard let prefix = tokens.first, !prefix.hasPrefix("#") else { continue }
            prefixes[String(prefix)] = tokens.count > 1 && tokens[1] == "#NUMERIC_ONLY#" ? .numericOnly : .any
        }
        return prefixes
    }

    /// The corpus score of `hypotheses`, each against its own list of references.
    public func corpusScore(hypotheses: [String], references: [[String]]) throws -> Double {
        try corpusStatistics(hypotheses: hypotheses, references: references).score(parameters)
    }

    /// Each hypothesis's score against its best reference.
    public func segmentScores(hypotheses: [String], references: [[String]]) throws -> [Double] {
        try segmentStatistics(hypotheses: hypotheses, references: references).map { $0.score(parameters) }
    }

    /// The summed statistics the corpus score comes from.
    public func corpusStatistics(hypotheses: [String], references: [[String]]) throws -> METEORStatistics {
        var total = METEORStatistics()
        for segment in try segmentStatistics(hypotheses: hypotheses, references: references) { total.add(segment) }
        return total
    }

    /// Each hypothesis's statistics against its best-scoring reference (the first of equals).
    public func segmentStatistics(hypotheses: [String], references: [[String]]) throws -> [METEORStatistics] {
        guard hypotheses.count == references.count else {
            throw METEORError.countMismatch(hypotheses: hypotheses.count, referenceSets: references.count)
        }
        var cache: [String: AnalysedSentence] = [:]
        var result: [METEORStatistics] = []
        result.reserveCapacity(hypotheses.count)
        for (item, (hypothesis, itemReferences)) in zip(hypotheses, references).enumerated() {
            let fields = Self.wrapperFields(hypothesis: hypothesis, references: itemReferences)
            guard !fields.references.isEmpty else { throw METEORError.noReferences(item: item) }
            let analysedHypothesis = analysed(fields.hypothesis, cache: &cache)
            var best = METEORStatistics()
            var bestScore = -1.0
            for reference in fields.references {
                let statistics = statistics(analysedHypothesis, analysed(reference, cache: &cache))
                let score = statistics.score(parameters)
                if score > bestScore {
                    best = statistics
                    bestScore = score
                }
            }
            result.append(best)
        }
        return result
    }

    /// The statistics of one hypothesis against one reference.
    public func statistics(hypothesis: String, reference: String) -> METEORStatistics {
        var cache: [String: AnalysedSentence] = [:]
        return statistics(analysed(hypothesis, cache: &cache), analysed(reference, cache: &cache))
    }

    func statistics(_ hypothesis: AnalysedSentence, _ reference: AnalysedSentence) -> METEORStatistics {
        METEORStatistics(METEORAligner(parameters: parameters, paraphrases: paraphrases).align(hypothesis, reference))
    }

    /// The hypothesis and references as the jar receives them from pycocoevalcap's wrapper: the
    /// wrapper drops `|||` and double spaces from the hypothesis, joins the line with ` ||| `, and the
    /// jar splits it at `|||` again and trims each field.
    static func wrapperFields(hypothesis: String, references: [String]) -> (hypothesis: String, references: [String]) {
        let cleaned = hypothesis.replacingLiteral("|||", with: "").replacingLiteral("  ", with: " ")
        let line = (["SCORE"] + references + [cleaned]).joined(separator: " ||| ")
        var fields = line.components(separatedBy: "|||")
        // Java's split drops trailing empty fields.
        while let last = fields.last, last.isEmpty { fields.removeLast() }
        let trimmed = fields.map(Self.javaTrimmed)
        guard trimmed.count >= 3 else { return (trimmed.count == 2 ? trimmed[1] : "", []) }
        return (trimmed[trimmed.count - 1], Array(trimmed[1..<(trimmed.count - 1)]))
    }

    /// Java's `String.trim`: strips characters up to U+0020 from both ends.
    static func javaTrimmed(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var start = 0
        var end = scalars.count
        while start < end && scalars[start].value <= 0x20 { start += 1 }
        while end > start && scalars[end - 1].value <= 0x20 { end -= 1 }
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }

    func analysed(_ text: String, cache: inout [String: AnalysedSentence]) -> AnalysedSentence {
        if let known = cache[text] { return known }
        let words = normalizer.tokens(text)
        let sentence = AnalysedSentence(
            words: words,
            stems: words.map(stemmer.stem),
            synsets: words.map(synonyms.synsets(of:)),
            paraphraseWordIDs: words.map(paraphrases.wordID),
            isFunctionWord: words.map { functionWords.contains($0.lowercased()) })
        cache[text] = sentence
        return sentence
    }
}
