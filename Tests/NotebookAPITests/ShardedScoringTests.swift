import DataStore
import E2E
import Foundation
import Metrics
@testable import NotebookAPI
import Testing

/// Scoring shared out over 1, 2 and 3 ranks (threads with an in-memory all-gather, each item's statistics going
/// through the JSON of the real all-gather) gives every rank the five scores of one process, bit for bit.
@Suite(.serialized) struct ShardedScoringTests {
    /// The first 61 MRs of the E2E test set with every reference as written, and outputs made from them: a reference
    /// cut short, another MR's reference, a blank (the lexer reads past blank lines) and a reference as it is.
    static let items: Result<[E2EItem], any Error> = Result {
        let data = try DataLocation.testDataFile("e2e/devset.csv").deletingLastPathComponent().deletingLastPathComponent()
        let groups = Array(try E2ESplit.load(.test, dataDirectory: data).groups.prefix(61))
        return groups.indices.map { index in
            let own = groups[index].rawReferences
            let prediction: String
            switch index % 4 {
            case 0: prediction = own[0].split(separator: " ").dropLast(3).joined(separator: " ")
            case 1: prediction = groups[(index + 7) % groups.count].rawReferences[0]
            case 2: prediction = index % 8 == 2 ? "" : own[own.count - 1]
            default: prediction = own[0]
            }
            return E2EItem(prediction: prediction, references: own)
        }
    }

    static let meteor: Result<METEOR, any Error> = Result {
        let data = try DataLocation.testDataFile("e2e/devset.csv").deletingLastPathComponent().deletingLastPathComponent()
        return try NotebookEnvironment(dataDirectory: data).meteor()
    }

    /// The scores of `items` in batches of 7 (so shares begin and end inside batches), with `sharing` or alone.
    static func scores(_ items: [E2EItem], sharing: E2EScoreSharing?) throws -> E2EScores {
        try E2EStreamScorer(meteor: try meteor.get(), batchSize: 7).score(items: { items }, sharing: sharing)
    }

    static func bits(_ scores: E2EScores) -> [UInt64] {
        [scores.bleu, scores.nist, scores.meteor ?? .nan, scores.rougeL, scores.cider].map(\.bitPattern)
    }

    /// 61 items: shares of 61, of 30 and 31, and of 20, 20 and 21; 2 items on 3 ranks leave rank 0 none; 1 item
    /// leaves ranks 0 and 1 none.
    @Test(arguments: [(61, 1), (61, 2), (61, 3), (2, 3), (1, 3)])
    func everyRankScoresAsOneProcess(count: Int, ranks: Int) throws {
        let items = Array(try Self.items.get().prefix(count))
        let alone = try Self.scores(items, sharing: nil)
        if count > 2 { #expect(Set(Self.bits(alone)).count == 5 && alone.bleu > 0.1 && alone.bleu < 0.9) }
        let results = onRanks(ranks) { sharding in
            let scored = Locked<[String]>([])
            let scores = try Self.scores(items, sharing: sharding.scoring { share, total in
                scored.update { $0.append(sharding.describe(share, of: total, unit: "items")) }
            })
            return (scores, scored.value)
        }
        for (rank, result) in results.enumerated() {
            let (scores, scored) = try result.get()
            #expect(Self.bits(scores) == Self.bits(alone), "rank \(rank) of \(ranks): \(scores) against \(alone)")
            // Each rank scored its own share once: the split really happened.
            let sharing = Sharding(rank: rank, ranks: ranks) { [$0] }
            #expect(scored == [sharing.describe(sharing.share(of: count), of: count, unit: "items")])
        }
        if (count, ranks) == (2, 3) {
            #expect(try results.map { try $0.get().1 } == [["no items (of 2) on rank 0 of 3"], ["items 1-1 of 2 on rank 1 of 3"],
                                                           ["items 2-2 of 2 on rank 2 of 3"]])
        }
    }

    /// coco's lexer reads past a line's end ("c." keeps its period only when no capitalised word follows, even
    /// past blank lines), so a share's last outputs must be tokenised with the lines after the share.
    @Test(arguments: [2, 3])
    func sharesTokeniseWithTheLinesAfterThem(ranks: Int) throws {
        let predictions = ["Cheap food near B c.", "", "", "The Eagle is near B c.", "Near B c.", "The Eagle near B c.", "",
                           "Food near B c.", "The Mill.", "Fine near B c."]
        let references = ["Cheap food near B c and more.", "The Eagle near B c is fine."]
        let items = predictions.map { E2EItem(prediction: $0, references: references) }
        // The last outputs of rank 0's share (item 5 of 10 on 2 ranks, items 1-3 on 3) tokenise otherwise alone.
        #expect(CocoTokenizer().tokenize(["Near B c."]) != [CocoTokenizer().tokenize(["Near B c.", "The Eagle near B c."])[0]])
        #expect(CocoTokenizer().tokenize(Array(predictions.prefix(3)))[0] != CocoTokenizer().tokenize(predictions)[0])
        let alone = try Self.scores(items, sharing: nil)
        for result in onRanks(ranks, { try Self.scores(items, sharing: $0.scoring()) }) {
            #expect(Self.bits(try result.get()) == Self.bits(alone))
        }
    }

    @Test func anItemStatisticsListSurvivesTheAllGathersJSON() throws {
        let items = Array(try Self.items.get().prefix(9))
        let gathered = Locked<[E2EItemStatistics]>([])
        let sharing = E2EScoreSharing { total, scoreShare in
            let statistics = try scoreShare(0..<total)
            gathered.update { $0 = statistics }
            return statistics
        }
        _ = try Self.scores(items, sharing: sharing)
        let blob = try JSONEncoder().encode(gathered.value)
        #expect(try JSONDecoder().decode([E2EItemStatistics].self, from: blob) == gathered.value)
        #expect(gathered.value.count == 9)
    }
}
