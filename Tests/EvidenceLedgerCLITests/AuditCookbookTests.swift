import Foundation
import LedgerStore
import LedgerTestSupport
import Postgres
import Testing

/// The psql audit cookbook and the audit roles, against a ledger with the fixtures, a review, a withdrawal and a
/// signed checkpoint.
@Suite("The audit surface")
struct AuditCookbookTests {
    let conninfo: String
    let admin: Connection

    init() throws {
        conninfo = try TestCluster.shared.makeMigratedDatabase()
        admin = try Connection.connect(conninfo)
        try FileImport(connection: admin).run(FileImport.fixtureFiles(), reason: "fixtures")
        try admin.execute("SELECT ledger.review_item('item-hajun-633-missiles-2022-05-14', 'verified', 'ČTK report read')")
        try admin.execute("SELECT ledger.withdraw_item('item-us-dod-70-missiles-2022-03-03', 'secondary summary only')")
        let origin = try LedgerLog(connection: admin).origin()
        _ = try LedgerLog(connection: admin).signCheckpoint(with: try .init(name: origin, seed: Array(repeating: 1, count: 32)))
    }

    func login(_ group: String) throws -> String {
        let name = "a_\(UUID().uuidString.prefix(8).lowercased())"
        try admin.query("CREATE ROLE \(identifier: name) LOGIN IN ROLE \(identifier: group)")
        let options = try ConnectionString.parse(conninfo)
        return ConnectionString.make(["host": options["host"]!, "port": options["port"]!, "dbname": options["dbname"]!, "user": name])
    }

    @Test func everyCookbookFileRunsForAnAuditor() throws {
        let auditor = try login("ledger_auditor")
        let folder = SchemaDirectory.sourceTreeRoot + "/ops/audit"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".sql") }.sorted()
        #expect(files.count >= 10)
        let psql = try #require(try PostgresBinaries.locate().psql)
        var outputs: [String: String] = [:]
        for file in files {
            let run = try ExternalCommand(executable: psql, arguments: ["-X", "-q", "-v", "ON_ERROR_STOP=1", "--dbname", auditor, "-f", folder + "/" + file]).run()
            #expect(run.status == 0, "\(file): \(run.stderr)")
            outputs[file] = run.stdout
        }
        #expect(outputs["01-who-changed-item.sql"]?.contains("ČTK report read") == true)
        #expect(outputs["02-withdrawals-in-year.sql"]?.contains("secondary summary only") == true)
        #expect(outputs["06-contrary-evidence.sql"]?.contains("item-osce-moscow-mechanism-2022-04-13") == true)
        #expect(outputs["10-checkpoints-recomputed.sql"]?.contains("| t") == true)
        #expect(outputs["12-reviews-by-reviewer.sql"]?.contains("item-hajun-633-missiles-2022-05-14") == true)
    }

    @Test func rolesDoWhatTheyMayAndNothingElse() throws {
        let researcher = try Connection.connect(try login("ledger_researcher"))
        let reviewer = try Connection.connect(try login("ledger_reviewer"))
        let auditor = try Connection.connect(try login("ledger_auditor"))
        let reader = try Connection.connect(try login("ledger_reader"))
        // Nobody writes the log directly.
        for connection in [researcher, reviewer, auditor, reader] {
            let error = #expect(throws: PostgresError.self) {
                try connection.query("INSERT INTO ledger.log_entry (idx, leaf, table_name, row_key, recorded_at, acting_role) VALUES (999999, '\\x00', 't', 'k', now(), 'x')")
            }
            #expect(error?.sqlState == SQLState.insufficientPrivilege)
        }
        // A reviewer changes review status, and enters nothing else.
        _ = try reviewer.scalar("SELECT ledger.review_item('item-ccl-600-missiles-2022-07-26', 'disputed', 'count differs from the monitor')", as: Int.self)
        #expect(throws: PostgresError.self) { try reviewer.query("INSERT INTO ledger.entity (entity_type, external_id) VALUES ('source', 'src-by-reviewer')") }
        // An auditor reads everything but protected identities, and writes nothing.
        #expect(try auditor.scalar("SELECT count(*) > 0 FROM ledger.log_entry", as: Bool.self) == true)
        #expect(try auditor.scalar("SELECT count(*) > 0 FROM ledger.current_source", as: Bool.self) == true)
        #expect(throws: PostgresError.self) { try auditor.query("INSERT INTO ledger.entity (entity_type, external_id) VALUES ('source', 'src-by-auditor')") }
        #expect(throws: PostgresError.self) { try auditor.query("SELECT * FROM ledger.source_identity") }
        #expect(throws: PostgresError.self) { try auditor.query("SELECT ledger.withdraw_item('item-ccl-600-missiles-2022-07-26', 'x')") }
        // A reader sees public-safe views only.
        #expect(throws: PostgresError.self) { try reader.query("SELECT * FROM ledger.log_entry") }
        #expect(throws: PostgresError.self) { try reader.query("SELECT * FROM ledger.item_source") }
        #expect(try reader.scalar("SELECT count(*) > 0 FROM ledger.public_source", as: Bool.self) == true)
        // …and the source commands show a reader the public sources.
        let readerURL = try login("ledger_reader")
        let listed = try CommandRunner.run(["source", "list", "--format", "csv", "--database", readerURL])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("src-hnonline-2022-05-14"))
        let shown = try CommandRunner.run(["source", "show", "src-hnonline-2022-05-14", "--database", readerURL])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(!shown.stdout.contains("cited by"))
        // …and an item's current version with its public sources and links, but not its history.
        let item = try CommandRunner.run(["evidence", "show", "item-hajun-633-missiles-2022-05-14", "--database", readerURL])
        #expect(item.status == 0, "\(item.stderr)")
        #expect(item.stdout.contains("current; your role reads the current version only"))
        #expect(item.stdout.contains("status:       verified"))
        #expect(item.stdout.contains("link:"))
        let history = try CommandRunner.run(["evidence", "show", "item-hajun-633-missiles-2022-05-14", "--history", "--database", readerURL])
        #expect(history.status == 77)
        // A researcher cannot UPDATE, DELETE or TRUNCATE any ledger table.
        let tables = try admin.query("""
            SELECT c.relname::text, (SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND a.attgenerated = '' AND NOT a.attisdropped ORDER BY a.attnum LIMIT 1)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'ledger' AND relkind = 'r'
            """).map { (try $0.decode(String.self, at: 0), try $0.decode(String.self, at: 1)) }
        #expect(tables.count > 20)
        for (table, column) in tables {
            for statement in ["UPDATE ledger.\(table) SET \(column) = \(column)", "DELETE FROM ledger.\(table)", "TRUNCATE ledger.\(table)"] {
                let error = #expect(throws: PostgresError.self) { try researcher.execute(statement) }
                #expect(error?.sqlState == SQLState.insufficientPrivilege, "\(statement): \(String(describing: error?.sqlState))")
            }
        }
    }
}
