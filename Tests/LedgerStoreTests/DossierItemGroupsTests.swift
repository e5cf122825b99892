import Foundation
import LedgerModel
import LedgerTestSupport
import Postgres
import Testing
@testable import LedgerStore

/// The item groups a streamed dossier reads: payloads written by this process from the columns must be the log's
/// own, byte for byte, and rows with times the rebuild does not write come with the server's payload.
@Suite("Dossier item groups")
struct DossierItemGroupsTests {
    let connection: Connection

    init() throws {
        connection = try Connection.connect(try TestCluster.shared.makeMigratedDatabase())
        try FileImport(connection: connection).run(FileImport.fixtureFiles(), reason: "fixtures")
    }

    /// Every group of every criterion that has links, read as a dossier reads them, split among `parts`
    /// connections in one snapshot.
    func groups(parts: Int = 1) throws -> [[LedgerRecord]] {
        let size = try connection.scalar("SELECT max(idx) + 1 FROM ledger.log_entry", as: Int.self) ?? 0
        let criteria = try connection.query("SELECT DISTINCT criterion_id::text FROM ledger.link_version").map { try $0.decode(String.self, at: 0) }
        var groups: [[LedgerRecord]] = []
        try connection.transaction(TransactionOptions(isolation: .repeatableRead, readOnly: true)) { tx in
            let shared = try DossierSnapshot.share(tx, count: parts - 1)
            defer { for other in shared { other.close() } }
            #expect(shared.count == parts - 1)
            try DossierItemGroups.stream([tx] + shared, checkpointSize: UInt64(size), criteria: criteria) { groups.append($0) }
        }
        return groups
    }

    /// The log's payload and entry of each row, by table and row key.
    func logged() throws -> [String: (payload: String, entry: UInt64)] {
        var out: [String: (String, UInt64)] = [:]
        _ = try connection.stream(PostgresQuery(unsafeSQL: """
            SELECT p.table_name, p.row_key, p.payload, e.idx FROM ledger.log_row_payload p
            JOIN ledger.log_entry e ON e.table_name = p.table_name AND e.row_key = p.row_key
            WHERE p.table_name = ANY($1::text[])
            """, bindings: [try TextArray(DossierItemGroups.tables).postgresBinding()])) { row in
            out[try row.decode(String.self, at: 0) + " " + row.decode(String.self, at: 1)] = (try row.decode(String.self, at: 2), UInt64(try row.decode(Int.self, at: 3)))
        }
        return out
    }

    func expectLogPayloads(_ groups: [[LedgerRecord]], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let log = try logged()
        var tables: Set<String> = []
        for group in groups {
            // An entity comes without its log entry; in the log it precedes the entries of the group's versions
            // that name it (so it is as of the checkpoint whenever they are).
            let versions = group.filter { $0.table.hasSuffix("_version") }
            for record in group where record.table == "entity" {
                #expect(record.entry == DossierItemGroups.entityEntry, "\(record.key)", sourceLocation: sourceLocation)
                let id = try record.fields()["id"] ?? nil
                let naming = try versions.filter { try $0.fields()["entity_id"] == id }
                #expect(!naming.isEmpty, "\(record.key) comes with a version", sourceLocation: sourceLocation)
                for version in naming {
                    #expect((log["entity " + record.key]?.entry ?? .max) < version.entry, "\(record.key)", sourceLocation: sourceLocation)
                }
            }
        }
        for record in groups.joined() {
            tables.insert(record.table)
            let found = log[record.table + " " + record.key]
            #expect(found?.payload == record.payload, "\(record.table) \(record.key)", sourceLocation: sourceLocation)
            if record.table != "entity" {
                #expect(found?.entry == record.entry, "\(record.table) \(record.key)", sourceLocation: sourceLocation)
            }
            // The members the record carries are what parsing its payload gives.
            #expect(try record.fields() == LedgerRecord.parseFields(record.payload ?? ""), "\(record.table) \(record.key)", sourceLocation: sourceLocation)
        }
        #expect(tables.isSuperset(of: ["entity", "item_version", "item_actor", "item_source", "link_version"]), "\(tables)", sourceLocation: sourceLocation)
    }

    @Test func payloadsAreTheLogsOwn() throws {
        let groups = try groups()
        #expect(groups.count > 20)
        try expectLogPayloads(groups)
        // One group per item, each led by nothing but that item's rows and its links'.
        for group in groups {
            let items = Set(group.filter { $0.table == "item_version" }.compactMap { try? $0.fields()["entity_id"] ?? nil })
            #expect(items.count == 1)
        }
    }

    @Test func keysPutTogetherAreTheLogsOwn() throws {
        var put = 0
        for table in DossierItemGroups.tables {
            let oid = try #require(try connection.scalar("SELECT to_regclass('ledger.' || \(table))::oid::bigint", as: Int.self))
            let logs = try #require(try connection.scalar("SELECT ledger.log_key_expression(\(table))", as: String.self))
            guard let text = try DossierItemGroups.Query.keyText(connection, oid: oid) else { continue }
            put += 1
            let rows = try connection.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM ledger.\(table) r")).first?.decode(Int.self, at: 0) ?? 0
            let differing = try connection.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM ledger.\(table) r WHERE \(text) IS DISTINCT FROM \(logs)"))
                .first?.decode(Int.self, at: 0)
            if ["entity", "item_version", "link_version"].contains(table) { #expect(rows > 0, "\(table)") }
            #expect(differing == 0, "\(table): \(text)")
        }
        // Entities, item versions and link versions have uuid and integer keys; an item's actor is keyed by its role too.
        #expect(put >= 3)
        let actorOID = try #require(try connection.scalar("SELECT to_regclass('ledger.item_actor')::oid::bigint", as: Int.self))
        #expect(try DossierItemGroups.Query.keyText(connection, oid: actorOID) == nil)
    }

    @Test func splitAmongConnectionsTheGroupsComeAsFromOne() throws {
        let whole = try groups()
        for parts in [2, 3] {
            let split = try groups(parts: parts)
            #expect(split == whole, "\(parts) parts")
        }
        #expect(Set(whole.map(\.count)).count > 1, "groups of different sizes")
    }

    @Test func aLinkMovedToAnItemOfAnotherPartComesOnceWithItsCurrentItem() throws {
        // A new version of a link names an item of the other part (by the last byte of its id, as the read splits).
        let moved = try #require(try connection.query("""
            WITH current AS (SELECT DISTINCT ON (entity_id) * FROM ledger.link_version ORDER BY entity_id, version DESC),
                 pick AS (SELECT * FROM current WHERE NOT withdrawn ORDER BY entity_id LIMIT 1)
            SELECT pick.entity_id::text, pick.item_id::text, c.item_id::text
            FROM pick JOIN current c ON NOT c.withdrawn AND get_byte(uuid_send(c.item_id), 15) % 2 <> get_byte(uuid_send(pick.item_id), 15) % 2
            ORDER BY c.entity_id LIMIT 1
            """).first.map { (link: try $0.decode(String.self, at: 0), from: try $0.decode(String.self, at: 1), to: try $0.decode(String.self, at: 2)) })
        _ = try connection.query(PostgresQuery(unsafeSQL: """
            INSERT INTO ledger.link_version (entity_id, item_id, criterion_id, criterion_type, relation, credibility, argument, change_reason)
            SELECT entity_id, $2::uuid, criterion_id, criterion_type, relation, credibility, argument, 'the evidence is the other item'
            FROM ledger.link_version WHERE entity_id = $1::uuid ORDER BY version DESC LIMIT 1
            """, bindings: [try moved.link.postgresBinding(), try moved.to.postgresBinding()]))
        let whole = try groups()
        #expect(try groups(parts: 2) == whole)
        func linkRows(_ group: [LedgerRecord]) throws -> [LedgerRecord] {
            try group.filter { record in
                guard record.table == "link_version" else { return false }
                return (try record.fields()["entity_id"] ?? nil) == moved.link
            }
        }
        // Once, in the group of the item its current version names, and that version alone.
        let holding = try whole.filter { !(try linkRows($0)).isEmpty }
        #expect(holding.count == 1)
        let group = try #require(holding.first)
        #expect(try group.first { $0.table == "item_version" }.flatMap { try $0.fields()["entity_id"] ?? nil } == moved.to)
        #expect(try linkRows(group).map { try $0.fields()["item_id"] ?? nil } == [moved.to])
    }

    @Test func anErrorWhileMergingStopsEveryPart() throws {
        struct Stop: Error {}
        let size = try connection.scalar("SELECT max(idx) + 1 FROM ledger.log_entry", as: Int.self) ?? 0
        let criteria = try connection.query("SELECT DISTINCT criterion_id::text FROM ledger.link_version").map { try $0.decode(String.self, at: 0) }
        try connection.transaction(TransactionOptions(isolation: .repeatableRead, readOnly: true)) { tx in
            let shared = try DossierSnapshot.share(tx, count: 1)
            defer { for c in shared { c.close() } }
            try #require(shared.count == 1)
            var seen = 0
            #expect(throws: Stop.self) {
                try DossierItemGroups.stream([tx] + shared, checkpointSize: UInt64(size), criteria: criteria) { _ in
                    seen += 1
                    if seen == 3 { throw Stop() }
                }
            }
            #expect(seen == 3)
            // Both connections are free again.
            #expect(try tx.scalar("SELECT 1", as: Int.self) == 1)
            #expect(try shared[0].scalar("SELECT 1", as: Int.self) == 1)
        }
    }

    @Test func withoutASnapshotToShareTheReadStaysOnOneConnection() throws {
        // Outside a transaction there is no snapshot to share: no more connections.
        #expect(try DossierSnapshot.share(connection, count: 2).isEmpty)
        #expect(try connection.scalar("SELECT 1", as: Int.self) == 1)
    }

    @Test func theGroupsAreReadOnlyInsideATransaction() throws {
        // Their parameters are settings of the transaction: outside one they would be gone before the read began.
        let size = try connection.scalar("SELECT max(idx) + 1 FROM ledger.log_entry", as: Int.self) ?? 0
        let criteria = try connection.query("SELECT DISTINCT criterion_id::text FROM ledger.link_version").map { try $0.decode(String.self, at: 0) }
        #expect(throws: LogProblem.self) {
            try DossierItemGroups.stream([connection], checkpointSize: UInt64(size), criteria: criteria) { _ in }
        }
        var count = 0
        try connection.transaction(TransactionOptions(isolation: .repeatableRead, readOnly: true)) { tx in
            #expect(tx.isInTransactionBlock)
            try DossierItemGroups.stream([tx], checkpointSize: UInt64(size), criteria: criteria) { _ in count += 1 }
        }
        #expect(count > 20)
        #expect(!connection.isInTransactionBlock)
    }

    @Test func sharedConnectionsSeeTheSnapshotNotLaterWrites() throws {
        try connection.execute("CREATE TABLE public.snapshot_probe (n int)")
        try connection.transaction(TransactionOptions(isolation: .repeatableRead, readOnly: true)) { tx in
            #expect(try tx.scalar("SELECT count(*) FROM public.snapshot_probe", as: Int.self) == 0)
            let other = try connection.sibling()
            try other.execute("INSERT INTO public.snapshot_probe VALUES (1)")
            other.close()
            let shared = try DossierSnapshot.share(tx, count: 2)
            defer { for c in shared { c.close() } }
            #expect(shared.count == 2)
            for c in shared {
                #expect(try c.scalar("SELECT count(*) FROM public.snapshot_probe", as: Int.self) == 0)
                #expect(try c.scalar("SELECT current_setting('transaction_read_only')", as: String.self) == "on")
            }
        }
        #expect(try connection.scalar("SELECT count(*) FROM public.snapshot_probe", as: Int.self) == 1)
    }

    @Test func timesOutsideTheRebuiltYearsComeFromTheServer() throws {
        // As a superuser could leave them: a time in 12000 and a range reaching back before year 1.
        try connection.transaction { tx in
            try tx.execute("SET LOCAL session_replication_role = replica")
            try tx.execute("""
                UPDATE ledger.item_version SET recorded_at = '12000-01-01 00:00:00+00'
                WHERE (entity_id, version) IN (SELECT entity_id, version FROM ledger.item_version ORDER BY entity_id, version LIMIT 1)
                """)
            try tx.execute("""
                UPDATE ledger.item_version SET occurred = tstzrange('0044-03-15 00:00:00+00 BC', '2022-02-24 00:00:00+00', '[)')
                WHERE (entity_id, version) IN (SELECT entity_id, version FROM ledger.item_version ORDER BY entity_id DESC, version LIMIT 1)
                """)
            // The entities of an item and of a link, which come with their versions' rows.
            try tx.execute("""
                UPDATE ledger.entity SET created_at = '11000-01-01 00:00:00+00'
                WHERE id IN ((SELECT entity_id FROM ledger.item_version ORDER BY entity_id LIMIT 1 OFFSET 1),
                             (SELECT entity_id FROM ledger.link_version ORDER BY entity_id LIMIT 1))
                """)
        }
        let groups = try groups()
        try expectLogPayloads(groups)
        let payloads = groups.joined().compactMap(\.payload)
        #expect(payloads.contains { $0.contains("12000-01-01") })
        #expect(payloads.contains { $0.contains("0044-03-15") })
        let entities = groups.joined().filter { $0.table == "entity" }.compactMap(\.payload)
        #expect(entities.filter { $0.contains("11000-01-01") }.count == 2)
    }
}
