/// `lorabook score`'s two files as a source of items for `E2EStreamScorer`, read line by line in chunks (memory
/// holds a chunk, a line and a reference group of each file, whatever their size). The references are in either
/// `E2EReferenceFormat`; the groups, lines and errors are those of the whole-file functions
/// (`E2EScoreFiles`, `E2EReferenceCSV`), which share the same line splitter and grouping.
public struct E2EScoreFileSource {
    public let referencesPath: String
    public let predictionsPath: String
    public let format: E2EReferenceFormat
    let chunkSize: Int
    private let multiReference: Bool
    private let fingerprints: [[Int]]

    /// Opens both files, and for the blank-line layout reads the references up to the line after the first
    /// blank line to learn whether they are grouped. `format` is by the references' file name unless given.
    public init(referencesPath: String, predictionsPath: String, format: E2EReferenceFormat? = nil,
                chunkSize: Int = 1 << 16) throws {
        self.referencesPath = referencesPath
        self.predictionsPath = predictionsPath
        self.format = format ?? E2EReferenceFormat(path: referencesPath)
        self.chunkSize = chunkSize
        let references = try E2ELineReader(path: referencesPath, chunkSize: chunkSize)
        let predictions = try E2ELineReader(path: predictionsPath, chunkSize: chunkSize)
        multiReference = self.format == .blankLines ? try E2EScoreFiles.isMultiReference(references) : false
        fingerprints = [references.fingerprint, predictions.fingerprint]
    }

    /// Both files opened afresh, as items (one reading of the scorer's two); an error if either file changed
    /// since `init`.
    public func items() throws -> Items {
        let references = try E2EReferenceStream.open(path: referencesPath, format: format, multiReference: multiReference,
                                                     chunkSize: chunkSize)
        let predictions = try E2ELineReader(path: predictionsPath, chunkSize: chunkSize)
        for (path, now, then) in [(referencesPath, references.fingerprint, fingerprints[0]),
                                  (predictionsPath, predictions.fingerprint, fingerprints[1])] where now != then {
            throw MetricsError.fileChanged(file: path)
        }
        return Items(references: references, predictions: predictions, predictionsPath: predictionsPath)
    }

    /// Reads both files through, checking all the scorer's reading would (encoding, groups, rows, counts),
    /// and returns the number of items: a cheap pass that fails before any slow work does.
    public func check() throws -> Int {
        var items = try items()
        var count = 0
        while try items.next() != nil { count += 1 }
        return count
    }

    /// The items of one reading: each reference group with the prediction on the same position.
    public struct Items: E2EItemSource {
        private var references: E2EReferenceStream<E2ELineReader>
        private let predictions: E2ELineReader
        private let predictionsPath: String
        private var count = 0

        init(references: E2EReferenceStream<E2ELineReader>, predictions: E2ELineReader, predictionsPath: String) {
            self.references = references
            self.predictions = predictions
            self.predictionsPath = predictionsPath
        }

        /// The next item; when one file ends before the other, reads the rest of the longer one to say both counts.
        public mutating func next() throws -> E2EItem? {
            let group = try references.next()
            let prediction = try predictions.next()
            switch (group, prediction) {
            case let (group?, prediction?):
                count += 1
                return E2EItem(prediction: prediction, references: group)
            case (nil, nil):
                return nil
            case (_?, nil):
                while try references.next() != nil {}
                throw mismatch(predictions: count, groups: references.count)
            case (nil, _?):
                var predictionCount = count + 1
                while try predictions.next() != nil { predictionCount += 1 }
                throw mismatch(predictions: predictionCount, groups: count)
            }
        }

        private func mismatch(predictions: Int, groups: Int) -> MetricsError {
            .countMismatch(predictions: predictions, referenceGroups: groups, predictionsFile: predictionsPath,
                           referencesFile: references.file)
        }
    }
}
