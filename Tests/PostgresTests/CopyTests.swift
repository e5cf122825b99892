import Foundation
import LedgerTestSupport
import Postgres
import Testing

@Suite("COPY in and out, and streaming")
struct CopyTests {
    let connection: Connection

    init() throws {
        connection = try TestCluster.shared.connectToNewDatabase()
        try connection.execute("CREATE TABLE place (id int PRIMARY KEY, name text, note text)")
    }

    /// Deterministic awkward rows: tabs, newlines, backslashes, Cyrillic, emoji and NULLs.
    static func rows(_ n: Int) -> [[String?]] {
        (0..<n).map { i in
            let name: String? = i % 97 == 0 ? nil : "Мазыр \(i)\t\\ tab"
            let note: String? = i % 13 == 0 ? "line one\nline two\r\n🚀 \\N literal" : "plain \(i)"
            return [String(i), name, note]
        }
    }

    @Test func hundredThousandRowsRoundTripByteForByte() throws {
        let rows = CopyTests.rows(100_000)
        var sent: [UInt8] = []
        let stored = try connection.copyIn("COPY place (id, name, note) FROM STDIN") { writer in
            for row in rows { try writer.writeRow(row) }
        }
        #expect(stored == 100_000)
        // What we sent, in COPY text format, to compare with what comes back.
        try connection.query("CREATE TEMP TABLE echo (line text)")
        for row in rows.prefix(3) { _ = row }
        var received: [UInt8] = []
        var chunks = 0
        try connection.copyOut("COPY (SELECT id, name, note FROM place ORDER BY id) TO STDOUT") { chunk in
            received.append(contentsOf: chunk)
            chunks += 1
        }
        #expect(chunks == 100_000)
        sent = CopyTests.encode(rows)
        #expect(received.count == sent.count)
        #expect(received == sent)
        // And the server holds the exact text.
        let row13 = try connection.query("SELECT name, note FROM place WHERE id = 13")[0]
        #expect(try row13.decode(String.self, at: 0) == "Мазыр 13\t\\ tab")
        #expect(try row13.decode(String.self, at: 1) == "line one\nline two\r\n🚀 \\N literal")
        #expect(try connection.scalar("SELECT count(*) FROM place WHERE name IS NULL", as: Int.self) == 1031)
    }

    /// COPY text format as PostgreSQL writes it.
    static func encode(_ rows: [[String?]]) -> [UInt8] {
        var out: [UInt8] = []
        for row in rows {
            out.append(contentsOf: row.map { field -> String in
                guard let field else { return "\\N" }
                return field.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
                    .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
            }.joined(separator: "\t").utf8)
            out.append(0x0A)
        }
        return out
    }

    struct Abort: Error {}

    @Test func throwingAbortsTheCopyAndWritesNothing() throws {
        try connection.query("INSERT INTO place VALUES (-1, \("before"), NULL)")
        #expect(throws: Abort.self) {
            try connection.copyIn("COPY place (id, name, note) FROM STDIN") { writer in
                // More than one buffer's worth, so some data has already reached the server.
                for row in CopyTests.rows(50_000) { try writer.writeRow(row) }
                throw Abort()
            }
        }
        #expect(try connection.scalar("SELECT count(*) FROM place", as: Int.self) == 1)
        #expect(connection.transactionDepth == 0)
    }

    @Test func aFailedCopyInsideATransactionRollsBackWithIt() throws {
        #expect(throws: PostgresError.self) {
            try connection.transaction { tx in
                try tx.copyIn("COPY place (id, name, note) FROM STDIN") { writer in
                    try writer.writeRow(["1", "a", nil])
                    try writer.writeRow(["1", "duplicate", nil])
                }
            }
        }
        #expect(try connection.scalar("SELECT count(*) FROM place", as: Int.self) == 0)
        #expect(try connection.scalar("SELECT 1", as: Int.self) == 1)
    }

    @Test func nulInACopyFieldIsRefused() throws {
        let error = #expect(throws: PostgresError.self) {
            try connection.copyIn("COPY place (id, name, note) FROM STDIN") { writer in
                try writer.writeRow(["1", "a\u{0}b", nil])
            }
        }
        #expect(error?.kind == .client)
        #expect(try connection.scalar("SELECT count(*) FROM place", as: Int.self) == 0)
    }

    @Test func copyThroughQueryIsRefusedAndTheConnectionSurvives() throws {
        #expect(throws: PostgresError.self) { try connection.query("COPY place FROM STDIN") }
        #expect(try connection.scalar("SELECT 2", as: Int.self) == 2)
    }

    @Test func streamingReadsEveryRow() throws {
        try connection.execute("INSERT INTO place SELECT g, 'p' || g, NULL FROM generate_series(1, 50000) g")
        var sum = 0
        let n = try connection.stream("SELECT id FROM place WHERE id > \(0) ORDER BY id") { row in
            sum += try row.decode(Int.self, at: 0)
        }
        #expect(n == 50_000)
        #expect(sum == 50_000 * 50_001 / 2)
    }

    @Test func abandoningAStreamCancelsItAndTheConnectionSurvives() throws {
        struct Enough: Error {}
        var seen = 0
        #expect(throws: Enough.self) {
            try connection.stream("SELECT g FROM generate_series(1, 5000000) g") { _ in
                seen += 1
                if seen == 10 { throw Enough() }
            }
        }
        #expect(seen == 10)
        #expect(try connection.scalar("SELECT 3", as: Int.self) == 3)
    }

    @Test func abandoningACopyOutCancelsItAndTheConnectionSurvives() throws {
        struct Enough: Error {}
        var seen = 0
        #expect(throws: Enough.self) {
            try connection.copyOut("COPY (SELECT g FROM generate_series(1, 5000000) g) TO STDOUT") { _ in
                seen += 1
                if seen == 10 { throw Enough() }
            }
        }
        #expect(try connection.scalar("SELECT 4", as: Int.self) == 4)
    }

    @Test func binaryCopyHandsOverEveryFieldWithNullsAndEmptyValues() throws {
        var rows: [(Int64?, [UInt8]?, [UInt8]?)] = []
        try connection.copyOutBinary("""
            COPY (SELECT g::bigint, CASE WHEN g % 3 = 0 THEN NULL ELSE repeat('ž', g % 4) END, decode(repeat('00ff', g), 'hex')
                  FROM generate_series(0, 2000) g ORDER BY g) TO STDOUT (FORMAT binary)
            """) { row in
            #expect(row.fields.count == 3)
            rows.append((row.int64(at: 0), row.fields[1].map { Array($0) }, row.fields[2].map { Array($0) }))
        }
        #expect(rows.count == 2001)
        for (g, row) in rows.enumerated() {
            #expect(row.0 == Int64(g))
            #expect(row.1 == (g % 3 == 0 ? nil : Array(String(repeating: "ž", count: g % 4).utf8)))
            #expect(row.2 == Array([[UInt8]](repeating: [0x00, 0xFF], count: g).joined()))
        }
    }

    @Test func streamErrorsAreThrown() throws {
        let error = #expect(throws: PostgresError.self) {
            try connection.stream("SELECT 1 / (g - 3) FROM generate_series(1, 5) g") { _ in }
        }
        #expect(error?.sqlState == "22012")
        #expect(try connection.scalar("SELECT 5", as: Int.self) == 5)
    }
}
