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
    /// With `paraphraseIndex`, the parsed paraphrase table is kept in that binary file and reused
    /// while `paraphrase-en.gz` is unchanged (parsing the gzip text is most of the loading time).
    public init(dataDirectory: URL, paraphraseIndex: URL? = nil, parameters: METEORParameters = .english) throws {
        func file(_ name: String) -> URL { dataDirectory.appendingPathComponent(name) }
        self.parameters = parameters
        synonyms = try WordNetSynonyms(synsetsFile: file("english.synsets"), exceptionsFile: file("english.exceptions"))
        functionWords = Set(try TextFileLines(url: file("english.words")).lines)
        normalizer = METEORNormalizer(prefixes: try Self.loadPrefixes(file("english.prefixes")))
        let gzip = file("paraphrase-en.gz")
        if let paraphraseIndex, let saved = try ParaphraseIndexFile.read(from: paraphraseIndex, source: gzip) {
            paraphrases = saved
        } else {
            paraphrases = try ParaphraseTable(gzipFile: gzip)
            if let paraphraseIndex { try ParaphraseIndexFile.write(paraphrases, source: gzip, to: paraphraseIndex) }
        }
    }

    /// Where lorabook keeps the parsed paraphrase table for a package checkout (git-ignored).
    public static func defaultParaphraseIndex(packageRoot: URL) -> URL {
        packageRoot.appendingPathComponent(".lorabook-cache/meteor/paraphrase-en.index")
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

    /// Number of (phrase, paraphrase) records loaded.
    public var paraphraseRecordCount: Int { paraphrases.recordCount }

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
        var analysers: [SentenceAnalyser] = []
        return try segmentStatistics(hypotheses, references, firstItem: 0, analysers: &analysers)
    }

    /// The statistics of a batch of items whose first is item `firstItem`, with one analyser per part (made when
    /// missing, kept by the caller between batches; each keeps a bounded number of sentences).
    func segmentStatistics(_ hypotheses: [String], _ references: [[String]], firstItem: Int,
                           analysers: inout [SentenceAnalyser]) throws -> [METEORStatistics] {
        // Items are split into contiguous parts scored at once, each with its own analyser: an analyser's keys
        // are only ever compared with keys from the same analyser, so the statistics do not depend on the split.
        let parts = ScoringThreads.parts
        while analysers.count < parts { analysers.append(SentenceAnalyser(meteor: self)) }
        var result = [METEORStatistics](repeating: METEORStatistics(), count: hypotheses.count)
        var firstFailure = [Int?](repeating: nil, count: parts)
        result.withUnsafeMutableBufferPointer { slots in
            firstFailure.withUnsafeMutableBufferPointer { failures in
                analysers.withUnsafeMutableBufferPointer { analysers in
                    ScoringThreads.forEachPart(count: hypotheses.count, parts: parts) { part, range in
                        for item in range {
                            let fields = Self.wrapperFields(hypothesis: hypotheses[item], references: references[item])
                            guard !fields.references.isEmpty else {
                                failures[part] = firstItem + item
                                return
                            }
                            analysers[part].keepBounded()
                            slots[item] = bestStatistics(analysers[part].analyse(fields.hypothesis), fields.references,
                                                         &analysers[part])
                        }
                    }
                }
            }
        }
        if let item = firstFailure.compactMap({ $0 }).min() { throw METEORError.noReferences(item: item) }
        return result
    }

    /// The statistics against the reference that scores best (the first of equal ones).
    private func bestStatistics(_ hypothesis: AnalysedSentence, _ references: [String],
                                _ analyser: inout SentenceAnalyser) -> METEORStatistics {
        var best = METEORStatistics()
        var bestScore = -1.0
        for reference in references {
            let statistics = statistics(hypothesis, analyser.analyse(reference))
            let score = statistics.score(parameters)
            if score > bestScore {
                best = statistics
                bestScore = score
            }
        }
        return best
    }

    /// The statistics of one hypothesis against one reference.
    public func statistics(hypothesis: String, reference: String) -> METEORStatistics {
        var analyser = SentenceAnalyser(meteor: self)
        return statistics(analyser.analyse(hypothesis), analyser.analyse(reference))
    }

    func statistics(_ hypothesis: AnalysedSentence, _ reference: AnalysedSentence) -> METEORStatistics {
        METEORStatistics(METEORAligner(parameters: parameters).align(hypothesis, reference))
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
        return String(scalars: scalars[start..<end])
    }
}
