import Testing
@testable import Script

@Suite struct ValueTests {
    @Test func fingerprintsDistinguishIntDoubleAndString() {
        #expect(Value.int(1).fingerprint == "1")
        #expect(Value.double(1).fingerprint == "1.0")
        #expect(Value.string("1").fingerprint == "\"1\"")
        #expect(Value.double(2e-4).fingerprint == "0.0002")
        #expect(Value.double(.nan).fingerprint == "{\"double\":\"nan\"}")
    }

    @Test func fingerprintsAreCanonicalJSON() {
        let dictionary = Value.dictionary(ScriptDictionary([(key: .string("a\n"), value: .array([.bool(true), .null]))]))
        #expect(dictionary.fingerprint == #"{"dictionary":[["a\n",[true,null]]]}"#)
        let symbol = Value.symbol(Symbol("lora", arguments: [LabeledValue(label: "rank", value: .int(4))]))
        #expect(symbol.fingerprint == #"{"symbol":"lora","arguments":[["rank",4]]}"#)
        #expect(Value.string("\u{1}\"").fingerprint == #""\u0001\"""#)
    }

    @Test func fingerprintsFollowDictionaryOrderAndObjectState() {
        let ab = Value.dictionary(ScriptDictionary([(key: .string("a"), value: .int(1)), (key: .string("b"), value: .int(2))]))
        let ba = Value.dictionary(ScriptDictionary([(key: .string("b"), value: .int(2)), (key: .string("a"), value: .int(1))]))
        #expect(ab.fingerprint != ba.fingerprint)
        #expect(Value.object(FakeRun(losses: [1, 2])).fingerprint == #"{"object":"TrainingRun","fingerprint":"1.0,2.0"}"#)
    }

    @Test func displayTextQuotesStringsOnlyInsideCollections() {
        #expect(Value.string("hi").description == "hi")
        #expect(Value.array([.string("hi"), .double(0.5), .null]).description == #"["hi", 0.5, nil]"#)
        #expect(Value.dictionary(ScriptDictionary()).description == "[:]")
        #expect(Value.symbol(Symbol("lora", arguments: [LabeledValue(label: "rank", value: .int(4))])).description == ".lora(rank: 4)")
        #expect(Value.object(FakeRun(losses: [])).description == "<TrainingRun>")
    }

    @Test func typeNamesDescribeCollections() {
        #expect(Value.array([.int(1), .int(2)]).typeName == "[Int]")
        #expect(Value.array([.int(1), .string("a")]).typeName == "[Any]")
        #expect(Value.dictionary(ScriptDictionary([(key: .string("a"), value: .double(1))])).typeName == "[String: Double]")
    }

    @Test func symbolsBindToTheirSignatureWithDefaults() throws {
        let bound = try Value.symbol(Symbol("lora", arguments: [LabeledValue(label: "rank", value: .int(8))])).converted(to: .method)
        #expect(bound == .symbol(Symbol("lora", arguments: [
            LabeledValue(label: "rank", value: .int(8)), LabeledValue(label: "alpha", value: .double(32)),
        ])))
    }
}
