/// Turns texts into `AnalysedSentence`s for one scoring run, doing each word's and each phrase's
/// lookups once however often they recur (E2E references repeat most of their words).
struct SentenceAnalyser {
    private let meteor: METEOR
    private var keys: [String: Int32] = [:]
    private var words: [String: AnalysedWord] = [:]
    private var paraphrasesByPhrase: [Int32: [(paraphrase: Int32, length: Int)]] = [:]
    private var sentences: [String: AnalysedSentence] = [:]

    private struct AnalysedWord {
        var key: Int32
        var stemKey: Int32
        var synsets: [Int32]
        var isFunctionWord: Bool
        var tableID: Int32
    }

    init(meteor: METEOR) { self.meteor = meteor }

    /// Sentences kept for reuse at most; the word, stem and phrase tables grow only with the vocabulary.
    static let sentenceLimit = 8192

    /// Forgets the kept sentences once there are `sentenceLimit` of them (keys stay, so later sentences
    /// compare with earlier ones exactly as before). Call between items, so memory stays bounded.
    mutating func keepBounded() {
        if sentences.count >= Self.sentenceLimit { sentences.removeAll(keepingCapacity: true) }
    }

    private mutating func key(_ text: String) -> Int32 {
        if let known = keys[text] { return known }
        let fresh = Int32(keys.count)
        keys[text] = fresh
        return fresh
    }

    private mutating func analysedWord(_ word: String) -> AnalysedWord {
        if let known = words[word] { return known }
        let info = AnalysedWord(
            key: key(word), stemKey: key(meteor.stemmer.stem(word)), synsets: meteor.synonyms.synsets(of: word),
            isFunctionWord: meteor.functionWords.contains(word.lowercased()), tableID: meteor.paraphrases.wordID(word))
        words[word] = info
        return info
    }

    private mutating func paraphrases(of phrase: Int32) -> [(paraphrase: Int32, length: Int)] {
        if let known = paraphrasesByPhrase[phrase] { return known }
        let table = meteor.paraphrases
        let found = table.paraphraseIDs(of: phrase).map { (paraphrase: $0, length: table.phraseLength($0)) }
        paraphrasesByPhrase[phrase] = found
        return found
    }

    /// The normalised, looked-up form of `text`.
    mutating func analyse(_ text: String) -> AnalysedSentence {
        if let known = sentences[text] { return known }
        let tokens = meteor.normalizer.tokens(text)
        let infos = tokens.map { analysedWord($0) }
        let table = meteor.paraphrases
        let longest = max(1, table.longestPhrase)
        let ids = infos.map(\.tableID)
        var phraseIDs = [Int32](repeating: -1, count: tokens.count * longest)
        var paths: [[ParaphrasePath]] = Array(repeating: [], count: tokens.count)
        for start in tokens.indices {
            // Phrases stop at the first word the table does not know, as the transducer does.
            var length = 1
            while length <= longest && start + length <= tokens.count && ids[start + length - 1] >= 0 {
                let id = ids.withUnsafeBufferPointer { table.phraseID(UnsafeBufferPointer(rebasing: $0[start..<(start + length)])) }
                // No table phrase starts with these words, so none starts with a longer run either.
                if id < 0 { break }
                phraseIDs[start * longest + length - 1] = id
                for found in paraphrases(of: id) {
                    paths[start].append(ParaphrasePath(length: length, paraphrase: found.paraphrase, paraphraseLength: found.length))
                }
                length += 1
            }
        }
        let sentence = AnalysedSentence(
            words: tokens, wordKeys: infos.map(\.key), stemKeys: infos.map(\.stemKey), synsets: infos.map(\.synsets),
            isFunctionWord: infos.map(\.isFunctionWord), phraseIDs: phraseIDs, longestPhrase: longest, paraphrasePaths: paths)
        sentences[text] = sentence
        return sentence
    }
}
