import Crypto
import Foundation
import LedgerModel
import Testing

@Suite("Log leaf format (the worked example of docs/log-leaf-format.md)")
struct LogLeafTests {
    static let example = "454c4c45414601003265766964656e63652d6c65646765722e6c6f63616c2f65766964656e63655f6c65646765722f6337626364343265356165320000000000000000000660e64135dc2f01000a766f636162756c617279001e5b226163746f725f6b696e64222c202261726d65642d666f72636573225d000000000008706f737467726573be99ecd15604a32daed7ab9036a5768b3f6d8dd1b0ba3f53befe9b63e8b78c2c0000000000000000000000000000000000000000000000000000000000000000"

    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 2)
            out.append(UInt8(hex[i..<j], radix: 16)!)
            i = j
        }
        return out
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test func theExampleParsesAndRoundTrips() throws {
        let raw = Self.bytes(Self.example)
        let leaf = try LogLeaf(parsing: raw)
        #expect(leaf.origin == "evidence-ledger.local/evidence_ledger/c7bcd42e5ae2")
        #expect(leaf.index == 0)
        #expect(leaf.recordTimeMicroseconds == 1_795_391_913_057_327)
        #expect(leaf.operation == 1)
        #expect(leaf.table == "vocabulary")
        #expect(leaf.rowKey == #"["actor_kind", "armed-forces"]"#)
        #expect(leaf.rowVersion == 0)
        #expect(leaf.actingRole == "postgres")
        #expect(leaf.exhibitSHA256 == LogLeaf.noExhibit)
        #expect(leaf.bytes == raw)
        let payload = #"{"code": "armed-forces", "label": "Armed forces or unit", "ordinal": "2", "vocabulary": "actor_kind"}"#
        #expect(Array(SHA256.hash(data: Array(payload.utf8))) == leaf.payloadSHA256)
        #expect(Self.hex(SHA256.hash(data: [0] + raw)) == "b016e98e86ec5dd3dc1daa179e455916ba5bbd4e9a9cffcb19827ddef7d735b6")
    }

    @Test func malformedLeavesAreRefused() {
        let raw = Self.bytes(Self.example)
        #expect(throws: LogLeaf.FormatError.self) { try LogLeaf(parsing: Array(raw.dropLast())) }
        #expect(throws: LogLeaf.FormatError.self) { try LogLeaf(parsing: raw + [0]) }
        var wrongVersion = raw
        wrongVersion[6] = 2
        #expect(throws: LogLeaf.FormatError.self) { try LogLeaf(parsing: wrongVersion) }
        #expect(throws: LogLeaf.FormatError.self) { try LogLeaf(parsing: []) }
    }
}
