import Foundation
import LedgerTestSupport
import Postgres
import Testing

@Suite("Errors carry the server's fields")
struct ErrorTests {
    let connection: Connection

    init() throws {
        connection = try TestCluster.shared.connectToNewDatabase()
        try connection.execute("""
            CREATE TABLE actor (
                name text CONSTRAINT actor_name_key UNIQUE,
                grade text CONSTRAINT actor_grade_check CHECK (grade IN ('A','B','C','D','E','F'))
            )
            """)
    }

    @Test func uniqueViolation() throws {
        try connection.query("INSERT INTO actor (name) VALUES (\("Mozyr refinery"))")
        let error = #expect(throws: PostgresError.self) {
            try connection.query("INSERT INTO actor (name) VALUES (\("Mozyr refinery"))")
        }
        #expect(error?.sqlState == "23505")
        #expect(error?.isUniqueViolation == true)
        #expect(error?.constraint == "actor_name_key")
        #expect(error?.table == "actor")
        #expect(error?.detail?.contains("Mozyr refinery") == true)
        // The plain description leaks no data: neither the value nor the message.
        let description = "\(error!)"
        #expect(!description.contains("Mozyr"))
        #expect(description.contains("23505"))
        // The full message is there for the operator.
        #expect(String(reflecting: error!).contains("Mozyr refinery"))
    }

    @Test func syntaxErrorWithPosition() throws {
        let error = #expect(throws: PostgresError.self) {
            try connection.query("SELECT 1 FROM actor WHERE WHERE")
        }
        #expect(error?.sqlState == "42601")
        #expect(error?.position == 27)
        #expect(error?.kind == .server)
    }

    @Test func checkViolation() throws {
        let error = #expect(throws: PostgresError.self) {
            try connection.query("INSERT INTO actor (name, grade) VALUES (\("x"), \("Z"))")
        }
        #expect(error?.sqlState == "23514")
        #expect(error?.constraint == "actor_grade_check")
    }

    @Test func hintAndCustomSQLState() throws {
        let error = #expect(throws: PostgresError.self) {
            try connection.execute("DO $$ BEGIN RAISE EXCEPTION 'bad grade %', 'Z' USING ERRCODE = 'EL001', HINT = 'use A to F'; END $$")
        }
        #expect(error?.sqlState == "EL001")
        #expect(error?.hint == "use A to F")
        #expect(error?.fullMessage == "bad grade Z\nHINT:  use A to F")
    }

    @Test func connectionStaysUsableAfterAnError() throws {
        #expect(throws: PostgresError.self) { try connection.query("SELECT * FROM no_such_table") }
        #expect(try connection.scalar("SELECT 41 + 1", as: Int.self) == 42)
    }

    @Test func noticesAreForwarded() throws {
        var seen: [PostgresNotice] = []
        connection.onNotice { seen.append($0) }
        try connection.execute("DO $$ BEGIN RAISE NOTICE 'hello %', 'notice'; RAISE WARNING 'careful'; END $$")
        #expect(seen.map(\.message) == ["hello notice", "careful"])
        #expect(seen.map(\.severity) == ["NOTICE", "WARNING"])
    }

    @Test func malformedConnectionStrings() throws {
        for bad in ["nonsense", "postgresql://[::1", "host='unterminated"] {
            let error = #expect(throws: PostgresError.self) { try Connection.connect(bad) }
            #expect(error?.kind == .connection)
            #expect(error?.sqlState == "08P01")
        }
    }

    @Test func wrongPasswordIsAnAuthenticationError() throws {
        let cluster = TestCluster.shared.cluster
        let conninfo = ConnectionString.make([
            "host": cluster.socketDirectory, "port": String(cluster.port), "dbname": "postgres",
            "user": TestCluster.passwordRole, "password": "wrong",
        ])
        let error = #expect(throws: PostgresError.self) { try Connection.connect(conninfo) }
        #expect(error?.sqlState == SQLState.invalidPassword)
        let right = ConnectionString.make([
            "host": cluster.socketDirectory, "port": String(cluster.port), "dbname": "postgres",
            "user": TestCluster.passwordRole, "password": TestCluster.password,
        ])
        let connection = try Connection.connect(right)
        #expect(connection.user == TestCluster.passwordRole)
    }

    @Test func unreachableServer() throws {
        let error = #expect(throws: PostgresError.self) {
            try Connection.connect("host=/nonexistent-socket-dir port=5432 dbname=x connect_timeout=2")
        }
        #expect(error?.kind == .connection)
        #expect(error?.sqlState == "08001")
    }
}
