import DataStore
import Foundation
import Testing

@Suite struct SHA256Tests {
    @Test func emptyInputHasTheStandardDigest() {
        #expect(SHA256.hex(of: [UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func abcMatchesTheFIPSExample() {
        #expect(SHA256.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func streamingInPiecesEqualsOneShot() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var hasher = SHA256()
        hasher.update(bytes[0..<3])
        hasher.update(bytes[3..<130])
        hasher.update(bytes[130...])
        #expect(hasher.finalize().map { String(format: "%02x", $0) }.joined() == SHA256.hex(of: bytes))
    }

    @Test func twoBlockMessageMatchesTheFIPSExample() {
        let message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(SHA256.hex(of: Array(message.utf8)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func dataAndCollectionsWithoutContiguousStorageHashLikeTheirBytes() {
        let bytes = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var fromData = SHA256(), fromLazy = SHA256()
        fromData.update(Data(bytes))
        fromLazy.update(bytes.lazy.map { $0 })
        #expect(fromData.finalize() == fromLazy.finalize())
        #expect(fromLazy.finalize().map { String(format: "%02x", $0) }.joined() == SHA256.hex(of: bytes))
    }
}
