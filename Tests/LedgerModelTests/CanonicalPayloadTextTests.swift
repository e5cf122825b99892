import Foundation
import LedgerModel
import Testing

@Suite("Canonical payload text, rebuilt from column values")
struct CanonicalPayloadTextTests {
    func json(_ s: String) -> String {
        var out: [UInt8] = []
        CanonicalPayloadText.appendJSONString(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func stringsAreEscapedAsPostgreSQLsToJSONEscapesThem() {
        // Expected texts are what `SELECT to_json(value::text)::text` prints on PostgreSQL 15.
        #expect(json("plain") == #""plain""#)
        #expect(json(#"a "quoted" \ back"#) == #""a \"quoted\" \\ back""#)
        #expect(json("tab\tnew\nline\rcr\u{08}bs\u{0C}ff") == #""tab\tnew\nline\rcr\bbs\fff""#)
        #expect(json("\u{01}\u{1F}\u{7F}") == "\"\\u0001\\u001f\u{7F}\"")
        #expect(json("Лукашенко – ü / 🚀") == "\"Лукашенко – ü / 🚀\"")
        #expect(json("") == #""""#)
    }

    func timestamp(_ micros: Int64) -> String? {
        var out: [UInt8] = []
        guard CanonicalPayloadText.appendTimestamp(postgresMicroseconds: micros, to: &out) else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    @Test func timestampsAreWrittenAsLogTimeWritesThem() {
        // Microseconds since 2000-01-01 UTC; the texts are ledger.log_time's.
        #expect(timestamp(0) == "2000-01-01T00:00:00.000000Z")
        #expect(timestamp(-1) == "1999-12-31T23:59:59.999999Z")
        #expect(timestamp(720_835_200_000_000 + 45_296_789_012) == "2022-11-04T12:34:56.789012Z")
        #expect(timestamp(68_256_000_000_000) == "2002-03-01T00:00:00.000000Z") // after 28 February 2002
        #expect(timestamp(131_328_000_000_000) == "2004-02-29T00:00:00.000000Z") // a leap day
        #expect(timestamp(-63_082_281_600_000_000) == "0001-01-01T00:00:00.000000Z")
        #expect(timestamp(252_455_615_999_999_999) == "9999-12-31T23:59:59.999999Z")
        // Beyond the years 1–9999, and ±infinity: left to the server.
        #expect(timestamp(-63_082_281_600_000_001) == nil)
        #expect(timestamp(252_455_616_000_000_000) == nil)
        #expect(timestamp(.max) == nil)
        #expect(timestamp(.min) == nil)
        // Days over eight centuries agree with Foundation's Gregorian calendar in UTC (which, unlike PostgreSQL's,
        // turns Julian before 1582: hence from 1600).
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let formatter = DateFormatter()
        formatter.calendar = calendar
        formatter.timeZone = calendar.timeZone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss'.000000Z'"
        for day in stride(from: -146_097, to: 146_097 * 2, by: 997) {
            let micros = Int64(day) * 86_400_000_000
            let date = Date(timeIntervalSince1970: Double(micros + CanonicalPayloadText.postgresEpochOffset) / 1_000_000)
            #expect(timestamp(micros) == formatter.string(from: date), "day \(day)")
        }
    }

    @Test func uuidsAreWrittenInLowerCaseGroups() {
        let bytes: [UInt8] = [0x90, 0x7f, 0x7e, 0x33, 0xcc, 0x3e, 0x41, 0x4a, 0x97, 0x1e, 0x70, 0xf0, 0x2c, 0x8c, 0x11, 0x0b]
        var out: [UInt8] = []
        bytes.withUnsafeBytes { CanonicalPayloadText.appendUUID($0, to: &out) }
        #expect(String(decoding: out, as: UTF8.self) == "907f7e33-cc3e-414a-971e-70f02c8c110b")
    }

    @Test func aLeafsLayoutFindsItsFields() throws {
        let bytes = LogLeafTests.bytes(LogLeafTests.example)
        let leaf = try LogLeaf(parsing: bytes)
        try bytes.withUnsafeBytes { raw in
            let layout = try #require(LogLeaf.Layout(raw))
            #expect(layout.index == leaf.index)
            #expect(String(decoding: raw[layout.origin], as: UTF8.self) == leaf.origin)
            #expect(String(decoding: raw[layout.table], as: UTF8.self) == leaf.table)
            #expect(String(decoding: raw[layout.rowKey], as: UTF8.self) == leaf.rowKey)
            #expect(String(decoding: raw[layout.actingRole], as: UTF8.self) == leaf.actingRole)
            #expect(Array(raw[layout.payloadSHA256]) == leaf.payloadSHA256)
            #expect(Array(raw[layout.exhibitSHA256]) == leaf.exhibitSHA256)
            let key = Array(leaf.table.utf8).withUnsafeBytes { t in Array(leaf.rowKey.utf8).withUnsafeBytes { LogLeaf.tableAndRowKey(table: t, rowKey: $0) } }
            #expect(Array(raw[layout.tableAndRowKey]) == key)
            #expect(LogLeaf.decodeTableAndRowKey(key) == (leaf.table, leaf.rowKey))
            // A byte short or a byte over: no layout.
            #expect(LogLeaf.Layout(UnsafeRawBufferPointer(rebasing: raw.dropLast())) == nil)
        }
        var longer = bytes
        longer.append(0)
        #expect(longer.withUnsafeBytes { LogLeaf.Layout($0) } == nil)
    }
}
