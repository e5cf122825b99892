import Foundation
import LedgerStore
import LedgerTestSupport
import Postgres
import Testing

/// The evidence model's rules, enforced by the database itself (so they hold for psql users too).
@Suite("Evidence model in the database")
struct EvidenceModelTests {
    let owner: Connection
    let conninfo: String

    init() throws {
        conninfo = try TestCluster.shared.makeMigratedDatabase()
        owner = try Connection.connect(conninfo)
    }

    /// A login role that is a member of `group`, and a connection as it.
    func connect(as group: String) throws -> Connection {
        let name = "u_\(group.replacingOccurrences(of: "ledger_", with: ""))_\(UUID().uuidString.prefix(6).lowercased())"
        try owner.query("CREATE ROLE \(identifier: name) LOGIN IN ROLE \(identifier: group)")
        var options = try ConnectionString.parse(conninfo)
        options["user"] = name
        return try Connection.connect(ConnectionString.make(KeyValuePairs(dictionaryLiteral: ("host", options["host"]!), ("port", options["port"]!), ("dbname", options["dbname"]!), ("user", name))))
    }

    @discardableResult
    func entity(_ type: String, _ externalID: String, on connection: Connection? = nil) throws -> UUID {
        try (connection ?? owner).scalar("INSERT INTO ledger.entity (entity_type, external_id) VALUES (\(type), \(externalID)) RETURNING id", as: UUID.self)!
    }

    @discardableResult
    func source(_ externalID: String, protection: String = "public", on connection: Connection? = nil) throws -> UUID {
        let c = connection ?? owner
        let id = try entity("source", externalID, on: c)
        try c.query("INSERT INTO ledger.source_version (entity_id, publisher, kind, reliability, protection) VALUES (\(id), \("Test publisher"), 'media', 'B', \(protection)::ledger.protection)")
        return id
    }

    @Test func everyEnumValueHasALabel() throws {
        let missing = try owner.query("""
            SELECT t.typname || '.' || e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
            JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE n.nspname = 'ledger'
              AND NOT EXISTS (SELECT 1 FROM ledger.vocabulary v WHERE v.vocabulary = t.typname AND v.code = e.enumlabel)
            """).map { try $0.decode(String.self, at: 0) }
        #expect(missing == [])
        #expect(try owner.scalar("SELECT count(*) FROM ledger.vocabulary", as: Int.self)! > 80)
    }

    @Test func versionsAreNumberedAndLaterOnesNeedAReason() throws {
        let id = try source("src-a")
        let error = #expect(throws: PostgresError.self) {
            try owner.query("INSERT INTO ledger.source_version (entity_id, publisher, kind, reliability) VALUES (\(id), \("Amended"), 'media', 'C')")
        }
        #expect(error?.sqlState == "EL102")
        try owner.query("INSERT INTO ledger.source_version (entity_id, publisher, kind, reliability, change_reason) VALUES (\(id), \("Amended"), 'media', 'C', \("regraded after review"))")
        let current = try owner.query("SELECT version, publisher, reliability::text FROM ledger.current_source WHERE id = 'src-a'")[0]
        #expect(try current.decode(Int.self, at: 0) == 2)
        #expect(try current.decode(String.self, at: 1) == "Amended")
        #expect(try current.decode(String.self, at: 2) == "C")
        // History is all there.
        #expect(try owner.scalar("SELECT count(*) FROM ledger.source_version WHERE entity_id = \(id)", as: Int.self) == 2)
    }

    @Test(arguments: ["UPDATE ledger.source_version SET publisher = 'x'", "DELETE FROM ledger.source_version",
                      "TRUNCATE ledger.source_version CASCADE", "DELETE FROM ledger.entity", "UPDATE ledger.vocabulary SET label = 'x'"])
    func nothingIsUpdatedOrDeletedEvenByTheOwner(statement: String) throws {
        try source("src-b")
        let error = #expect(throws: PostgresError.self) { try owner.execute(statement) }
        #expect(error?.sqlState == "EL101")
        #expect(try owner.scalar("SELECT count(*) FROM ledger.source_version", as: Int.self) == 1)
    }

    @Test func researchersHaveNoUpdateOrDeletePrivilege() throws {
        let researcher = try connect(as: "ledger_researcher")
        try source("src-c", on: researcher)
        for statement in ["UPDATE ledger.source_version SET publisher = 'x'", "DELETE FROM ledger.entity", "TRUNCATE ledger.item_version"] {
            let error = #expect(throws: PostgresError.self) { try researcher.execute(statement) }
            #expect(error?.sqlState == SQLState.insufficientPrivilege)
        }
        #expect(try researcher.scalar("SELECT recorded_by FROM ledger.current_source WHERE id = 'src-c'", as: String.self) == researcher.user)
    }

    @Test func protectedIdentitiesAreVisibleOnlyToTheProtectedRole() throws {
        let id = try source("src-witness", protection: "protected")
        let guardian = try connect(as: "ledger_protected")
        try guardian.query("INSERT INTO ledger.source_identity (source_id, identity) VALUES (\(id), \("Witness W-1, rail worker"))")
        #expect(try guardian.scalar("SELECT count(*) FROM ledger.source_identity", as: Int.self) == 1)
        for group in ["ledger_researcher", "ledger_reviewer", "ledger_auditor", "ledger_reader"] {
            let other = try connect(as: group)
            let error = #expect(throws: PostgresError.self) { try other.query("SELECT * FROM ledger.source_identity") }
            #expect(error?.sqlState == SQLState.insufficientPrivilege, "\(group)")
        }
        // The superuser running the tests bypasses row-level security, as PostgreSQL superusers always do.
        #expect(try owner.scalar("SELECT count(*) FROM ledger.source_identity", as: Int.self) == 1)
    }

    @Test func readersSeeOnlyPublicSources() throws {
        try source("src-public")
        try source("src-restricted", protection: "restricted")
        let reader = try connect(as: "ledger_reader")
        let ids = try reader.query("SELECT id FROM ledger.public_source ORDER BY id").map { try $0.decode(String.self, at: 0) }
        #expect(ids == ["src-public"])
        let error = #expect(throws: PostgresError.self) { try reader.query("SELECT * FROM ledger.current_source") }
        #expect(error?.sqlState == SQLState.insufficientPrivilege)
    }

    @Test func referencesMustPointAtTheRightKindOfEntity() throws {
        let item = try entity("item", "item-x")
        let actor = try entity("actor", "actor-x")
        try owner.query("INSERT INTO ledger.actor_version (entity_id, kind) VALUES (\(actor), 'state')")
        // An actor given as the place: refused by the typed foreign key.
        let error = #expect(throws: PostgresError.self) {
            try owner.query("INSERT INTO ledger.item_version (entity_id, kind, title, place_id) VALUES (\(item), 'missile-launch', \("t"), \(actor))")
        }
        #expect(error?.sqlState == SQLState.foreignKeyViolation)
        #expect(error?.constraint == "item_version_place_fkey")
    }

    @Test func kindSpecificAttributesAreChecked() throws {
        let item = try entity("item", "item-y")
        try entity("place", "place-mozyr")
        let bad: [(String, String)] = [
            (#"{"colour": "red"}"#, "not one of"),
            (#"{"count": "many"}"#, "whole number"),
            (#"{"count": 1.5}"#, "whole number"),
            (#"{"peak_date": "2022-04-01T00:00"}"#, "YYYY-MM-DD"),
            (#"{"launch_area": "place-nowhere"}"#, "not in the ledger"),
        ]
        for (json, message) in bad {
            let error = #expect(throws: PostgresError.self) {
                try owner.query("INSERT INTO ledger.item_version (entity_id, kind, title, attributes) VALUES (\(item), 'missile-launch', \("t"), \(PostgresJSON(json)))")
            }
            #expect(error?.sqlState == "EL103")
            #expect(error?.message.contains(message) == true, "\(json): \(error?.message ?? "")")
        }
        try owner.query("""
            INSERT INTO ledger.item_version (entity_id, kind, title, attributes)
            VALUES (\(item), 'missile-launch', \("t"), \(PostgresJSON(#"{"count": 633, "count_qualifier": "at least", "launch_area": "place-mozyr", "peak_date": "2022-04-01"}"#)))
            """)
    }

    @Test func onlyReviewersVerify() throws {
        let researcher = try connect(as: "ledger_researcher")
        let item = try entity("item", "item-z", on: researcher)
        try researcher.query("INSERT INTO ledger.item_version (entity_id, kind, title, status) VALUES (\(item), 'other', \("t"), 'submitted')")
        let error = #expect(throws: PostgresError.self) {
            try researcher.query("""
                INSERT INTO ledger.item_version (entity_id, kind, title, status, reviewer, review_note, change_reason)
                VALUES (\(item), 'other', \("t"), 'verified', \(researcher.user), \("looks fine"), \("review"))
                """)
        }
        #expect(error?.sqlState == SQLState.insufficientPrivilege)
        let reviewer = try connect(as: "ledger_reviewer")
        try reviewer.query("""
            INSERT INTO ledger.item_version (entity_id, kind, title, status, reviewer, review_note, change_reason)
            VALUES (\(item), 'other', \("t"), 'verified', \(reviewer.user), \("source, file and content checked"), \("review"))
            """)
        #expect(try owner.scalar("SELECT status::text FROM ledger.current_item WHERE id = 'item-z'", as: String.self) == "verified")
        // A verification needs a reviewer and a note.
        #expect(throws: PostgresError.self) {
            try reviewer.query("INSERT INTO ledger.item_version (entity_id, kind, title, status, change_reason) VALUES (\(item), 'other', \("t"), 'disputed', \("x"))")
        }
    }

    @Test func exhibitsAreContentAddressed() throws {
        let bytes: [UInt8] = Array("a scanned page".utf8)
        let good = try owner.scalar("INSERT INTO ledger.exhibit_content (sha256, content) VALUES (sha256(\(bytes)), \(bytes)) RETURNING size", as: Int.self)
        #expect(good == bytes.count)
        // A wrong hash is refused.
        let error = #expect(throws: PostgresError.self) {
            try owner.query("INSERT INTO ledger.exhibit_content (sha256, content) VALUES (sha256(\("other".utf8.map { $0 })), \(bytes))")
        }
        #expect(error?.constraint == "exhibit_content_hash_check")
        // The same content twice is one row.
        #expect(throws: PostgresError.self) {
            try owner.query("INSERT INTO ledger.exhibit_content (sha256, content) VALUES (sha256(\(bytes)), \(bytes))")
        }
        let exhibit = try entity("exhibit", "exh-1")
        let traversal = #expect(throws: PostgresError.self) {
            try owner.query("INSERT INTO ledger.exhibit (entity_id, sha256, media_type, file_name) VALUES (\(exhibit), sha256(\(bytes)), 'text/plain', \("../../etc/passwd"))")
        }
        #expect(traversal?.sqlState == SQLState.checkViolation)
    }

    @Test func externalIDsAreUniquePerTypeAndWellFormed() throws {
        try entity("item", "item-dup")
        #expect(throws: PostgresError.self) { try entity("item", "item-dup") }
        try entity("source", "item-dup") // another type may reuse it
        for bad in ["", "has space", "-leading", "x\u{0}"] {
            #expect(throws: PostgresError.self) { try entity("item", bad) }
        }
    }

    @Test func occurredIsARangeWithItsPrecision() throws {
        let item = try entity("item", "item-time")
        let error = #expect(throws: PostgresError.self) {
            try owner.query("INSERT INTO ledger.item_version (entity_id, kind, title, occurred) VALUES (\(item), 'other', \("t"), tstzrange('2022-02-24', '2022-02-25'))")
        }
        #expect(error?.constraint == "item_version_precision_check")
        #expect(throws: PostgresError.self) {
            try owner.query("INSERT INTO ledger.item_version (entity_id, kind, title, occurred, occurred_precision) VALUES (\(item), 'other', \("t"), tstzrange('2022-02-25', '2022-02-24'), 'day')")
        }
        try owner.query("INSERT INTO ledger.item_version (entity_id, kind, title, occurred, occurred_precision) VALUES (\(item), 'other', \("t"), tstzrange('2022-02-24', '2022-02-25'), 'day')")
    }

    @Test func whoWhenAndWhichVersionAreTheServers() throws {
        let researcher = try connect(as: "ledger_researcher")
        let id = try source("src-forge", on: researcher)
        try researcher.query("""
            INSERT INTO ledger.source_version (entity_id, publisher, kind, reliability, recorded_at, recorded_by, change_reason)
            VALUES (\(id), \("amended"), 'media', 'C', '2020-01-01', 'someone else', \("regraded"))
            """)
        let row = try owner.query("SELECT recorded_by, recorded_at > now() - interval '1 hour' FROM ledger.source_version WHERE version = 2")[0]
        #expect(try row.decode(String.self, at: 0) == researcher.user)
        #expect(try row.decode(Bool.self, at: 1))
        let skipped = #expect(throws: PostgresError.self) {
            try researcher.query("INSERT INTO ledger.source_version (entity_id, version, kind, reliability, change_reason) VALUES (\(id), 99, 'media', 'C', \("x"))")
        }
        #expect(skipped?.sqlState == "EL106")
        #expect(try owner.scalar("SELECT created_by FROM ledger.entity WHERE external_id = 'src-forge'", as: String.self) == researcher.user)
    }

    @Test func childRowsCannotBeAddedToAnEarlierVersion() throws {
        let researcher = try connect(as: "ledger_researcher")
        let actor = try entity("actor", "actor-late", on: researcher)
        try researcher.query("INSERT INTO ledger.actor_version (entity_id, kind) VALUES (\(actor), 'state')")
        try researcher.transaction { tx in
            try tx.query("INSERT INTO ledger.actor_version (entity_id, kind, change_reason) VALUES (\(actor), 'state', \("names"))")
            try tx.query("INSERT INTO ledger.actor_name (actor_id, actor_version, ordinal, name, language) VALUES (\(actor), 2, 1, \("Late"), 'en')")
        }
        let error = #expect(throws: PostgresError.self) {
            try researcher.query("INSERT INTO ledger.actor_name (actor_id, actor_version, ordinal, name, language) VALUES (\(actor), 1, 1, \("Smuggled"), 'en')")
        }
        #expect(error?.sqlState == "EL107")
    }
}
