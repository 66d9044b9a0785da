/// A phrase of a sentence (`length` words from some start) and one of its table paraphrases.
struct ParaphrasePath {
    var length: Int
    var paraphrase: Int32
    var paraphraseLength: Int
}

/// A tokenised sentence with everything the matchers look up, computed once per sentence.
/// Words and stems are compared through keys from one shared table, as the original compares hashes.
struct AnalysedSentence {
    var words: [String]
    var wordKeys: [Int32]
    var stemKeys: [Int32]
    var synsets: [[Int32]]
    var isFunctionWord: [Bool]
    /// The table phrase id of `words[i..<i+length]` at `i * longestPhrase + length - 1`, or -1
    /// (ids of phrase starts too, so a paraphrase occurs at `i` exactly when its id is found there).
    var phraseIDs: [Int32]
    var longestPhrase: Int
    /// Per start position, the paraphrases of the phrases starting there: shorter phrases first,
    /// each phrase's paraphrases in table order (the order the original's transducer yields).
    var paraphrasePaths: [[ParaphrasePath]]

    var count: Int { words.count }
}
