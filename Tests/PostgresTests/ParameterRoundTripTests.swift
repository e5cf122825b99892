import Foundation
import LedgerTestSupport
import Postgres
import Testing

@Suite("Parameters round-trip through the server")
struct ParameterRoundTripTests {
    let connection: Connection

    init() throws {
        connection = try TestCluster.shared.connectToNewDatabase()
    }

    /// Sends `value` as a parameter cast to `sqlType`, reads it back in binary, and returns it.
    func roundTrip<T: PostgresEncodable & PostgresDecodable>(_ value: T, _ sqlType: String) throws -> T {
        let result = try connection.query("SELECT \(value)::\(unescaped: sqlType)")
        return try result[0].decode(T.self, at: 0)
    }

    func roundTripOptional<T: PostgresEncodable & PostgresDecodable>(_ value: T?, _ sqlType: String) throws -> T? {
        let result = try connection.query("SELECT \(value)::\(unescaped: sqlType)")
        return try result[0].decode(T?.self, at: 0)
    }

    @Test func integers() throws {
        for value in [0, 1, -1, Int.max, Int.min, 2_147_483_648] {
            #expect(try roundTrip(value, "int8") == value)
        }
        #expect(try roundTrip(Int32.max, "int4") == Int32.max)
        #expect(try roundTrip(Int32.min, "int4") == Int32.min)
        #expect(try roundTrip(Int16(-32768), "int2") == Int16(-32768))
        // Narrower columns decode into Int.
        let row = try connection.query("SELECT 7::int2, 70000::int4, 5000000000::int8")[0]
        #expect(try row.decode(Int.self, at: 0) == 7)
        #expect(try row.decode(Int.self, at: 1) == 70000)
        #expect(try row.decode(Int.self, at: 2) == 5_000_000_000)
    }

    @Test func textInManyScripts() throws {
        let samples = [
            "",
            "Беларусь, Мазырскі НПЗ",               // Belarusian, Cyrillic
            "Biełaruś, Mazyrski NPZ, čyhunka",      // Łacinka
            "Україна — Київ",                        // Ukrainian
            "Россия",                                // Russian
            "emoji 🚀🇺🇦👨‍👩‍👧",
            "quotes ' \" \\ and $1 and ; DROP TABLE x; --",
            "tab\tnewline\ncarriage\r",
        ]
        for sample in samples {
            #expect(try roundTrip(sample, "text") == sample)
        }
    }

    @Test func tenMegabyteText() throws {
        let big = String(repeating: "Мазыр 🚀 abc\n", count: 10 * 1024 * 1024 / 18)
        #expect(big.utf8.count >= 10_000_000)
        #expect(try roundTrip(big, "text") == big)
    }

    @Test func nulInTextIsRefusedNotStripped() throws {
        let error = #expect(throws: PostgresError.self) {
            try connection.query("SELECT \("a\u{0}b")::text")
        }
        #expect(error?.kind == .client)
        #expect(error?.sqlState == SQLState.characterNotInRepertoire)
    }

    @Test func boolAndFloat() throws {
        #expect(try roundTrip(true, "bool") == true)
        #expect(try roundTrip(false, "bool") == false)
        for value in [0.0, -0.5, 1.0 / 3.0, Double.greatestFiniteMagnitude, Double.leastNonzeroMagnitude] {
            #expect(try roundTrip(value, "float8") == value)
        }
    }

    @Test func numericAsDecimalAndString() throws {
        for text in ["0", "1", "-1", "123456789012345678901234567.123456789", "0.0001", "-0.5", "10000", "1e20"] {
            let decimal = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))!
            #expect(try roundTrip(decimal, "numeric") == decimal)
        }
        // numeric decoded as its exact text, scale kept.
        let row = try connection.query("SELECT 12.3400::numeric, -0.000100::numeric, 100000000::numeric, 'NaN'::numeric, 0::numeric(5,2)")[0]
        #expect(try row.decode(String.self, at: 0) == "12.3400")
        #expect(try row.decode(String.self, at: 1) == "-0.000100")
        #expect(try row.decode(String.self, at: 2) == "100000000")
        #expect(try row.decode(String.self, at: 3) == "NaN")
        #expect(try row.decode(String.self, at: 4) == "0.00")
    }

    @Test func numericTextMatchesServerText() throws {
        // The binary decoder must agree with the server's own text output on many values.
        let rows = try connection.query("""
            SELECT v, v::text FROM (VALUES (0::numeric), (1.5), (-1.5), (9999.9999), (10000.0001), (0.00001234),
              (123456789.987654321), (-98765432109876543210.0123456789), (1e-10), (5e30)) AS t(v)
            """)
        for row in rows {
            #expect(try row.decode(String.self, at: 0) == row.decode(String.self, at: 1))
        }
    }

    @Test(arguments: ["UTC", "Asia/Kathmandu", "America/St_Johns", "Pacific/Chatham"])
    func timestampsKeepMicrosecondsInAnyTimeZone(zone: String) throws {
        try connection.query("SET TimeZone = \(literal: zone)")
        try connection.query("SET DateStyle = 'SQL, DMY'")
        // 2022-02-24 03:40:12.123456 UTC
        let date = Date(postgresMicroseconds: 698_989_212_123_456)
        let back = try roundTrip(date, "timestamptz")
        #expect(back.postgresMicroseconds == date.postgresMicroseconds)
        // The server sees the same instant whatever the session's zone.
        let utcText = try connection.scalar("SELECT to_char(\(date) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')", as: String.self)
        #expect(utcText == "2022-02-24 03:40:12.123456")
        // And a value the server makes decodes to the same microsecond.
        let parsed = try connection.scalar("SELECT '2022-02-24 03:40:12.123456+00'::timestamptz", as: Date.self)
        #expect(parsed?.postgresMicroseconds == date.postgresMicroseconds)
    }

    @Test func microsecondsSurviveManyValues() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let micros = Int64.random(in: -3_000_000_000_000_000...3_000_000_000_000_000, using: &generator)
            let date = Date(postgresMicroseconds: micros)
            #expect(try roundTrip(date, "timestamptz").postgresMicroseconds == micros)
        }
    }

    @Test func uuid() throws {
        let id = UUID()
        #expect(try roundTrip(id, "uuid") == id)
        let text = try connection.scalar("SELECT \(id)::text", as: String.self)
        #expect(text == id.uuidString.lowercased())
        // A text parameter is inferred as uuid by the server.
        #expect(try connection.scalar("SELECT \(id.uuidString)::uuid = \(id)", as: Bool.self) == true)
    }

    @Test func byteaAllByteValues() throws {
        let bytes = (0...255).map { UInt8($0) } + (0...255).reversed().map { UInt8($0) }
        #expect(try roundTrip(bytes, "bytea") == bytes)
        #expect(try roundTrip(Data(bytes), "bytea") == Data(bytes))
        // bytea_output does not matter: the binary format is used both ways.
        try connection.query("SET bytea_output = 'escape'")
        #expect(try roundTrip(bytes, "bytea") == bytes)
        #expect(try connection.scalar("SELECT length(\(bytes))", as: Int.self) == 512)
    }

    @Test func textArrays() throws {
        let array: TextArray = ["a", "with space", "quote \" and \\ backslash", "{braces}", "comma,", nil, "Мазыр", ""]
        #expect(try roundTrip(array, "text[]") == array)
        #expect(try roundTrip(TextArray([]), "text[]") == TextArray([]))
        let fromServer = try connection.scalar("SELECT ARRAY['x', NULL, 'y']::text[]", as: TextArray.self)
        #expect(fromServer?.elements == ["x", nil, "y"])
        #expect(fromServer?.nonNull == nil)
        #expect(try connection.scalar("SELECT array_length(\(array), 1)", as: Int.self) == 8)
    }

    @Test func json() throws {
        let doc = PostgresJSON(#"{"name": "Мазыр", "n": [1, 2.5, null], "ok": true}"#)
        let back = try roundTrip(doc, "jsonb")
        #expect(try connection.scalar("SELECT \(back) = \(doc)", as: Bool.self) == true)
        let field = try connection.scalar("SELECT (\(doc))->>'name'", as: String.self)
        #expect(field == "Мазыр")
        let plain = try connection.scalar("SELECT '{\"a\":1}'::json", as: PostgresJSON.self)
        #expect(plain?.text == #"{"a":1}"#)
        let asString = try connection.scalar("SELECT '{\"b\": 2}'::jsonb", as: String.self)
        #expect(asString == #"{"b": 2}"#)
    }

    @Test func nullsOfEveryType() throws {
        #expect(try roundTripOptional(Int?.none, "int8") == nil)
        #expect(try roundTripOptional(String?.none, "text") == nil)
        #expect(try roundTripOptional(Bool?.none, "bool") == nil)
        #expect(try roundTripOptional(Double?.none, "float8") == nil)
        #expect(try roundTripOptional(Decimal?.none, "numeric") == nil)
        #expect(try roundTripOptional(Date?.none, "timestamptz") == nil)
        #expect(try roundTripOptional(UUID?.none, "uuid") == nil)
        #expect(try roundTripOptional([UInt8]?.none, "bytea") == nil)
        #expect(try roundTripOptional(TextArray?.none, "text[]") == nil)
        #expect(try roundTripOptional(PostgresJSON?.none, "jsonb") == nil)
        #expect(try roundTripOptional(Optional("x"), "text") == "x")
        // NULL into a non-optional decode is an error naming the column.
        let error = #expect(throws: PostgresDecodingError.self) {
            _ = try connection.query("SELECT NULL::text AS missing")[0].decode(String.self, at: 0)
        }
        #expect(error?.column == "missing")
    }

    @Test func decodingByColumnName() throws {
        let row = try connection.query("SELECT 1 AS one, 'two' AS two")[0]
        #expect(try row.decode(Int.self, column: "one") == 1)
        #expect(try row.decode(String.self, column: "two") == "two")
        #expect(throws: PostgresDecodingError.self) { try row.decode(Int.self, column: "three") }
        #expect(throws: PostgresDecodingError.self) { try row.decode(Int.self, column: "two") }
    }

    @Test func interpolationNeverSplicesValues() throws {
        let hostile = "'; DROP TABLE victim; --"
        try connection.query("CREATE TABLE victim (v text)")
        try connection.query("INSERT INTO victim VALUES (\(hostile))")
        #expect(try connection.scalar("SELECT v FROM victim", as: String.self) == hostile)
        let query: PostgresQuery = "SELECT \(hostile), \(1)"
        #expect(query.sql == "SELECT $1, $2")
        #expect(query.bindings.count == 2)
    }
}

extension PostgresQuery.StringInterpolation {
    /// Splices SQL text. Tests only: every value here is a literal type name of the test itself.
    mutating func appendInterpolation(unescaped sql: String) {
        appendLiteral(sql)
    }
}
