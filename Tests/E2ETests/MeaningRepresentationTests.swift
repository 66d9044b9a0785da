import E2E
import Foundation
import Testing

@Suite struct MeaningRepresentationTests {
    @Test func theLoRAFormRenamesSlotsAndSplitsValues() throws {
        let mr = try MeaningRepresentation(parsing: "name[The Vaults], eatType[pub], priceRange[more than £30]")
        #expect(mr.loraText == "name : The Vaults | Type : pub | price : more than £ 30")
        let other = try MeaningRepresentation(
            parsing: "name[Café Sicilia], priceRange[£20-25], customer rating[5 out of 5], familyFriendly[no]")
        #expect(other.loraText
            == "name : Café Sicilia | price : £ 20 - 25 | customer rating : 5 out of 5 | family friendly : no")
        #expect(other[.customerRating] == "5 out of 5")
        #expect(other[.near] == nil)
    }

    @Test func syntaxErrorsGiveTheirOffset() {
        #expect(throws: MeaningRepresentation.SyntaxError(offset: 0, message: "unknown slot 'nam' (known: name, "
                + "eatType, food, priceRange, customer rating, area, familyFriendly, near)")) {
            try MeaningRepresentation(parsing: "nam[x]")
        }
        #expect(throws: MeaningRepresentation.SyntaxError(offset: 7, message: "expected ',' between slots")) {
            try MeaningRepresentation(parsing: "name[x] area[y]")
        }
        #expect(throws: MeaningRepresentation.SyntaxError(offset: 4, message: "slot 'name' has no closing ']'")) {
            try MeaningRepresentation(parsing: "name[x")
        }
        #expect(throws: MeaningRepresentation.SyntaxError(offset: 4, message: "expected '[' after slot 'name'")) {
            try MeaningRepresentation(parsing: "name")
        }
        #expect(throws: MeaningRepresentation.SyntaxError(offset: 0, message: "expected a slot such as name[...]")) {
            try MeaningRepresentation(parsing: "")
        }
    }

    @Test func csvErrorsPlaceBadMRsInTheFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mr-\(UUID().uuidString).csv")
        try "mr,ref\n\"name[A], eatTyp[pub]\",fine\n".write(to: url, atomically: true, encoding: .utf8)
        #expect {
            try E2ESplit.read(url)
        } throws: { error in
            (error as? E2EDataError)?.description.hasPrefix("\(url.path):2:11: error: unknown slot 'eatTyp'") ?? false
        }
        try "MR\n\"name[A], area[x\"\n".write(to: url, atomically: true, encoding: .utf8)
        #expect {
            try E2ESplit.readMRs(url)
        } throws: { error in
            (error as? E2EDataError)?.description == "\(url.path):2:15: error: slot 'area' has no closing ']'"
        }
    }
}
