import Foundation
import LedgerStore
import LedgerTestSupport
import Postgres
import Testing

@Suite("Migrations against a real server")
struct MigratorTests {
    func folder(_ files: [String: String]) throws -> String {
        let dir = try TestCluster.makeTemporaryDirectory(prefix: "el-schema")
        for (name, sql) in files {
            try sql.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
        }
        return dir
    }

    func appliedVersions(_ connection: Connection) throws -> [Int] {
        try connection.query("SELECT version FROM ledger_meta.schema_migration ORDER BY version").map { try $0.decode(Int.self, at: 0) }
    }

    @Test func theProjectSchemaAppliesAndCommentsEverything() throws {
        let connection = try TestCluster.shared.connectToNewDatabase()
        let migrator = try Migrator(directory: SchemaDirectory.locate())
        let applied = try migrator.migrate(on: connection)
        #expect(applied.count == migrator.files.count)
        #expect(applied.first?.filename == "0001_foundation.sql")
        // Every role of DESIGN.md exists, with a comment.
        let roles = try connection.query("""
            SELECT rolname, shobj_description(oid, 'pg_authid') IS NOT NULL FROM pg_roles
            WHERE rolname IN ('ledger_owner','ledger_reader','ledger_researcher','ledger_reviewer','ledger_auditor','ledger_protected')
            """)
        #expect(roles.count == 6)
        for row in roles { #expect(try row.decode(Bool.self, at: 1)) }
        // Every schema, table, view and column of ours carries a comment (psql's \d+ is the data dictionary).
        let uncommented = try connection.query("""
            SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname IN ('ledger', 'ledger_meta') AND c.relkind IN ('r','v','m','p') AND obj_description(c.oid, 'pg_class') IS NULL
            UNION ALL
            SELECT n.nspname || '.' || c.relname || '.' || a.attname FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname IN ('ledger', 'ledger_meta') AND c.relkind IN ('r','v','m','p') AND a.attnum > 0 AND NOT a.attisdropped
              AND col_description(c.oid, a.attnum) IS NULL
            UNION ALL
            SELECT nspname FROM pg_namespace WHERE nspname IN ('ledger', 'ledger_meta') AND obj_description(oid, 'pg_namespace') IS NULL
            """).map { try $0.decode(String.self, at: 0) }
        #expect(uncommented == [])
        #expect(try connection.scalar("SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'ledger'", as: String.self) == "ledger_owner")
    }

    @Test func aRowsLogEntryIsFoundFromTheIndexAlone() throws {
        let connection = try TestCluster.shared.connectToNewDatabase()
        _ = try Migrator(directory: SchemaDirectory.locate()).migrate(on: connection)
        #expect(try connection.scalar("SELECT pg_get_indexdef('ledger.log_entry_row'::regclass)", as: String.self)
            == "CREATE INDEX log_entry_row ON ledger.log_entry USING btree (table_name, row_key) INCLUDE (idx)")
        // The entries of one table's rows, with their keys and indexes, as the dossier's reads join them, need no
        // heap pages (an index-only scan; the planner is kept off the others, the table being empty here).
        try connection.execute("SET enable_seqscan = off")
        try connection.execute("SET enable_bitmapscan = off")
        let plan = try connection.query("EXPLAIN (COSTS OFF) SELECT row_key, idx FROM ledger.log_entry WHERE table_name = 'link_version'")
            .map { try $0.decode(String.self, at: 0) }.joined(separator: "\n")
        #expect(plan.contains("Index Only Scan using log_entry_row"), "\(plan)")
    }

    @Test func applyingTwiceIsANoOp() throws {
        let connection = try TestCluster.shared.connectToNewDatabase()
        let dir = try folder([
            "0001_a.sql": "CREATE TABLE t (i int); INSERT INTO t VALUES (1);",
            "0002_b.sql": "INSERT INTO t VALUES (2);",
        ])
        let migrator = try Migrator(directory: dir)
        #expect(try migrator.migrate(on: connection).count == 2)
        #expect(try migrator.migrate(on: connection).isEmpty)
        #expect(try connection.scalar("SELECT count(*) FROM t", as: Int.self) == 2)
        #expect(try migrator.status(on: connection).allSatisfy { if case .applied = $0.state { true } else { false } })
    }

    @Test func pendingFilesAreListedThenApplied() throws {
        let connection = try TestCluster.shared.connectToNewDatabase()
        let dir = try folder(["0001_a.sql": "CREATE TABLE t (i int);"])
        try Migrator(directory: dir).migrate(on: connection)
        try "INSERT INTO t VALUES (7);".write(toFile: dir + "/0002_b.sql", atomically: true, encoding: .utf8)
        let migrator = try Migrator(directory: dir)
        let status = try migrator.status(on: connection)
        #expect(status.map(\.state.isPending) == [false, true])
        #expect(try migrator.migrate(on: connection).map(\.filename) == ["0002_b.sql"])
    }

    @Test func anEditedAppliedFileIsRefusedBeforeAnythingRuns() throws {
        let connection = try TestCluster.shared.connectToNewDatabase()
        let dir = try folder(["0001_a.sql": "CREATE TABLE t (i int);"])
        try Migrator(directory: dir).migrate(on: connection)
        try "CREATE TABLE t (i bigint);".write(toFile: dir + "/0001_a.sql", atomically: true, encoding: .utf8)
        try "CREATE TABLE u (i int);".write(toFile: dir + "/0002_b.sql", atomically: true, encoding: .utf8)
        let migrator = try Migrator(directory: dir)
        let error = #expect(throws: MigrationError.self) { try migrator.migrate(on: connection) }
        #expect(error?.code == .editedAfterApply)
        #expect(error?.message.contains("0001_a.sql") == true)
        // The pending file did not run either.
        #expect(try connection.scalar("SELECT to_regclass('u') IS NULL", as: Bool.self) == true)
        #expect(try migrator.status(on: connection).first?.state.isEdited == true)
    }

    @Test func anAppliedFileThatVanishedIsRefused() throws {
        let connection = try TestCluster.shared.connectToNewDatabase()
        let dir = try folder(["0001_a.sql": "SELECT 1;", "0002_b.sql": "SELECT 2;"])
        try Migrator(directory: dir).migrate(on: connection)
        try FileManager.default.removeItem(atPath: dir + "/0002_b.sql")
        let error = #expect(throws: MigrationError.self) { try Migrator(directory: dir).migrate(on: connection) }
        #expect(error?.code == .appliedFileMissing)
    }

    @Test func aFailingMigrationLeavesNoPartialChange() throws {
        let connection = try TestCluster.shared.connectToNewDatabase()
        let dir = try folder([
            "0001_a.sql": "CREATE TABLE t (i int);",
            "0002_b.sql": "CREATE TABLE half (i int);\nINSERT INTO t VALUES (1);\nSELEC oops;\n",
            "0003_c.sql": "CREATE TABLE after (i int);",
        ])
        let migrator = try Migrator(directory: dir)
        let error = #expect(throws: MigrationError.self) { try migrator.migrate(on: connection) }
        #expect(error?.code == .failed)
        #expect(error?.message.contains("0002_b.sql:3") == true)
        #expect(error?.underlying?.sqlState == "42601")
        #expect(try connection.scalar("SELECT to_regclass('half') IS NULL", as: Bool.self) == true)
        #expect(try connection.scalar("SELECT to_regclass('after') IS NULL", as: Bool.self) == true)
        #expect(try connection.scalar("SELECT count(*) FROM t", as: Int.self) == 0)
        #expect(try appliedVersions(connection) == [1])
    }

    @Test func concurrentRunnersApplyEachFileOnce() throws {
        let conninfo = try TestCluster.shared.makeDatabase()
        // Each file appends a row: a file applied twice would show as a duplicate.
        var files: [String: String] = ["0001_a.sql": "CREATE TABLE applied (file text);\nINSERT INTO applied VALUES ('0001');"]
        for i in 2...12 {
            let v = String(format: "%04d", i)
            files["\(v)_step.sql"] = "SELECT pg_sleep(0.02);\nINSERT INTO applied VALUES ('\(v)');"
        }
        let migrator = try Migrator(directory: try folder(files))
        let results = ConcurrentResults()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            do {
                let connection = try Connection.connect(conninfo)
                defer { connection.close() }
                results.add(try migrator.migrate(on: connection).count)
            } catch {
                results.fail("\(String(reflecting: error))")
            }
        }
        #expect(results.failures == [])
        #expect(results.counts.reduce(0, +) == 12)
        let connection = try Connection.connect(conninfo)
        #expect(try connection.scalar("SELECT count(*) FROM applied", as: Int.self) == 12)
        #expect(try connection.scalar("SELECT count(DISTINCT file) FROM applied", as: Int.self) == 12)
        #expect(try appliedVersions(connection) == Array(1...12))
    }

    @Test func theFoundationMigrationCanRunInTwoDatabasesAtOnce() throws {
        // Roles are cluster-wide: two databases migrating together must not trip over each other's CREATE ROLE.
        let a = try TestCluster.shared.makeDatabase(), b = try TestCluster.shared.makeDatabase()
        let migrator = try Migrator(directory: SchemaDirectory.locate())
        let results = ConcurrentResults()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            do {
                let connection = try Connection.connect(i == 0 ? a : b)
                results.add(try migrator.migrate(on: connection).count)
            } catch {
                results.fail("\(String(reflecting: error))")
            }
        }
        #expect(results.failures == [])
    }
}

extension Migrator.Status.State {
    var isPending: Bool { self == .pending }
    var isEdited: Bool { if case .edited = self { true } else { false } }
}

/// Results gathered from concurrent workers.
final class ConcurrentResults: @unchecked Sendable {
    private let lock = NSLock()
    private var _counts: [Int] = []
    private var _failures: [String] = []
    func add(_ count: Int) { lock.lock(); _counts.append(count); lock.unlock() }
    func fail(_ message: String) { lock.lock(); _failures.append(message); lock.unlock() }
    var counts: [Int] { lock.lock(); defer { lock.unlock() }; return _counts }
    var failures: [String] { lock.lock(); defer { lock.unlock() }; return _failures }
}
