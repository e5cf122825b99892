import Foundation
import Testing
@testable import LedgerModel

/// The direct reading of canonical payloads gives what JSONSerialization gives, and leaves anything else to it.
@Suite struct PayloadFieldsTests {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    @Test func flatObjectsReadAsJSONSerializationReadsThem() throws {
        let payloads = [
            #"{}"#,
            #"{"a": "b", "c": null}"#,
            #"{"attributes": "{\"count\": 12}", "title": "SYNTHETIC launch 1"}"#,
            #"{"q": "line\nbreak\ttab \\ back \/ slash \"quoted\" \b\f\r"}"#,
            #"{"names": "Лукашэнка, łacinka, 🚀 \u00e9 \u0007 \ud83d\ude80"}"#,
            "{ \"spaced\" :\n \"out\" , \"n\" : null }",
        ]
        for payload in payloads {
            let fast = LedgerRecord.parseFlatObject(payload)
            #expect(fast != nil, "\(payload)")
            #expect(fast == (try LedgerRecord.parseFieldsInGeneral(payload)), "\(payload)")
        }
    }

    @Test func anythingElseIsLeftToTheGeneralReader() throws {
        for payload in [#"{"n": 1}"#, #"{"b": true}"#, #"{"o": {}}"#, #"["a"]"#, #"{"a": "b"} x"#, #"{"a": "b",}"#,
                        #"{"a": "\ud800"}"#, #"{"a": "\u0000"}"#, #"{"a": "b", "a": "c"}"#, #"{"a": "\x"}"#, #"{"a": "b""#] {
            #expect(LedgerRecord.parseFlatObject(payload) == nil, "\(payload)")
        }
        #expect(throws: RecordProblem.self) { try LedgerRecord.parseFields(#"{"n": 1}"#) }
    }

    @Test func everyFixtureRecordReadsTheSameEitherWay() throws {
        let lines = try String(contentsOf: Self.root.appendingPathComponent("Tests/DossierTests/Fixtures/belarus-3314-3f.records.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        var read = 0
        for line in lines {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let payload = object["payload"] as? String else { continue }
            #expect(LedgerRecord.parseFlatObject(payload) == (try LedgerRecord.parseFieldsInGeneral(payload)), "\(payload)")
            read += 1
        }
        #expect(read > 100)
    }

    @Test func aRecordMadeFromItsMembersIsTheRecordOfItsText() throws {
        let payload = #"{"id": "x", "note": null}"#
        let members: [String: String?] = ["id": "x", "note": nil]
        var record = LedgerRecord(entry: 3, table: "entity", key: #"["x"]"#, members: members)
        let plain = LedgerRecord(entry: 3, table: "entity", key: #"["x"]"#, payload: payload)
        #expect(try record.fields() == members)
        #expect(record.payload == payload)
        #expect(record.hasPayload && plain.hasPayload)
        #expect(!LedgerRecord(entry: 3, table: "entity", key: #"["x"]"#, payload: nil, substitute: ["id": "x"]).hasPayload)
        // Compared, hashed and encoded as the record made from its text.
        #expect(record == plain)
        #expect(record.hashValue == plain.hashValue)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(try encoder.encode(record) == encoder.encode(plain))
        #expect(try JSONDecoder().decode(LedgerRecord.self, from: encoder.encode(record)) == plain)
        // A new payload replaces them: its own members are read from it.
        record.payload = #"{"id": "y"}"#
        #expect(try record.fields() == ["id": "y"])
    }

    @Test func canonicalTextOrdersMembersByTheLengthOfTheirNamesThenTheirBytes() throws {
        let members: [String: String?] = ["zz": "2", "a": "quote \" back \\ line\n tab\t", "b": nil, "ab": "Лукашэнка", "é": "1"]
        let text = LedgerRecord.canonicalText(members)
        #expect(text == #"{"a": "quote \" back \\ line\n tab\t", "b": null, "ab": "Лукашэнка", "zz": "2", "é": "1"}"#)
        #expect(try LedgerRecord.parseFieldsInGeneral(text) == members)
        #expect(LedgerRecord.canonicalText([:]) == "{}")
    }
}
