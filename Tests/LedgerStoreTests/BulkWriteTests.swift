import Foundation
import LedgerModel
@testable import LedgerStore
import LedgerTestSupport
import Postgres
import Testing

/// The set-based checks and the cheaper log expressions of migration 0008 write and refuse exactly what the row
/// by row ones of 0002 and 0004 did.
@Suite("Bulk writes keep the rules and the log format")
struct BulkWriteTests {
    let connection: Connection

    init() throws {
        connection = try Connection.connect(try TestCluster.shared.makeMigratedDatabase())
    }

    /// The expressions 0004 made for a table: row key, row version, canonical payload (jsonb_build_object) and
    /// exhibit digest, generated here the way 0004 generated them.
    func formatOf0004(_ table: String) throws -> (key: String, version: String, payload: String, exhibit: String) {
        let row = try connection.query("""
            SELECT (SELECT 'jsonb_build_array(' || string_agg(format('r.%I::text', a.attname), ', ' ORDER BY array_position(i.indkey::int2[], a.attnum)) || ')::text'
                    FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                    WHERE i.indrelid = format('ledger.%I', \(table)::text)::regclass AND i.indisprimary),
                   coalesce((SELECT format('r.%I', a.attname) FROM pg_attribute a
                             WHERE a.attrelid = format('ledger.%I', \(table)::text)::regclass AND a.attname IN ('version') AND NOT a.attisdropped),
                            (SELECT format('r.%I', a.attname) FROM pg_attribute a
                             WHERE a.attrelid = format('ledger.%I', \(table)::text)::regclass AND a.attname LIKE '%\\_version' AND a.attnum > 0 AND NOT a.attisdropped
                             ORDER BY a.attnum LIMIT 1),
                            '0'),
                   (SELECT 'jsonb_build_object(' || string_agg(format('%L, %s', a.attname,
                           CASE format_type(a.atttypid, a.atttypmod)
                               WHEN 'timestamp with time zone' THEN format('ledger.log_time(r.%I)', a.attname)
                               WHEN 'date' THEN format('to_char(r.%I, ''YYYY-MM-DD'')', a.attname)
                               WHEN 'tstzrange' THEN format('CASE WHEN r.%1$I IS NULL THEN NULL ELSE (CASE WHEN lower_inc(r.%1$I) THEN ''['' ELSE ''('' END) || ledger.log_time(lower(r.%1$I)) || '','' || ledger.log_time(upper(r.%1$I)) || (CASE WHEN upper_inc(r.%1$I) THEN '']'' ELSE '')'' END) END', a.attname)
                               WHEN 'bytea' THEN format('encode(r.%I, ''hex'')', a.attname)
                               ELSE format('r.%I::text', a.attname)
                           END), ', ' ORDER BY a.attnum) || ')::text'
                    FROM pg_attribute a
                    WHERE a.attrelid = format('ledger.%I', \(table)::text)::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '')
            """)[0]
        return (try row.decode(String.self, at: 0), try row.decode(String.self, at: 1), try row.decode(String.self, at: 2),
                table == "exhibit_content" ? "sha256(r.content)" : "NULL::bytea")
    }

    @Test func leavesAndDigestsAreThoseOfTheFormatOf0004() throws {
        try FileImport(connection: connection).run(FileImport.fixtureFiles(), reason: "fixtures")
        try FileImport(connection: connection).run([FileImport.fixturesDirectory() + "/samples/batch.jsonl"], reason: "again")
        let bytes: [UInt8] = Array("an exhibit's bytes: \"quoted\", \\ and \t tab, ünïcödé".utf8)
        try connection.query("INSERT INTO ledger.exhibit_content (sha256, content) VALUES (sha256(\(bytes)), \(bytes))")
        try connection.execute("SELECT ledger.withdraw_item('item-us-dod-70-missiles-2022-03-03', 'a reason with \"quotes\", a \\ backslash and a\nnew line')")
        let tables = try connection.query("""
            SELECT c.relname::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            WHERE c.relnamespace = 'ledger'::regnamespace AND t.tgname = 'zz_log_' || c.relname ORDER BY 1
            """).map { try $0.decode(String.self, at: 0) }
        #expect(tables.count >= 19)
        var rows = 0
        for table in tables {
            let f = try formatOf0004(table)
            let counts = try connection.query(PostgresQuery(unsafeSQL: """
                SELECT count(*),
                       count(*) FILTER (WHERE d.payload_sha256 IS DISTINCT FROM sha256(convert_to(\(f.payload), 'UTF8'))
                                           OR d.exhibit_sha256 IS DISTINCT FROM \(f.exhibit)),
                       count(*) FILTER (WHERE e.leaf IS DISTINCT FROM ledger.log_leaf((SELECT origin FROM ledger.log_config), e.idx, e.recorded_at,
                                           '\(table)', e.row_key, \(f.version), e.acting_role, sha256(convert_to(\(f.payload), 'UTF8')), \(f.exhibit)))
                FROM ledger.\(table) r
                LEFT JOIN ledger.log_row_digest d ON d.table_name = '\(table)' AND d.row_key = \(f.key)
                LEFT JOIN ledger.log_entry e ON e.table_name = '\(table)' AND e.row_key = \(f.key)
                """))[0]
            rows += try counts.decode(Int.self, at: 0)
            #expect(try counts.decode(Int.self, at: 1) == 0, "payload digests of \(table)")
            #expect(try counts.decode(Int.self, at: 2) == 0, "leaves of \(table)")
        }
        #expect(rows == (try connection.scalar("SELECT size FROM ledger.log_head", as: Int.self)))
    }

    @Test func aBadAttributeAmongManyRowsIsRefused() throws {
        try connection.execute("""
            INSERT INTO ledger.entity (entity_type, external_id) SELECT 'item', 'item-many-' || g FROM generate_series(1, 50) g
            """)
        let error = #expect(throws: PostgresError.self) {
            try connection.execute("""
                INSERT INTO ledger.item_version (entity_id, kind, title, attributes)
                SELECT e.id, 'missile-launch', 't', CASE WHEN e.external_id = 'item-many-37' THEN '{"count": "many"}' ELSE '{"count": 3}' END::jsonb
                FROM ledger.entity e WHERE e.external_id LIKE 'item-many-%'
                """)
        }
        #expect(error?.sqlState == "EL103")
        #expect(error?.message == "attribute \"count\" of a missile-launch item must be a whole number, not \"many\"")
        #expect(try connection.scalar("SELECT count(*) FROM ledger.item_version", as: Int.self) == 0)
    }

    @Test func linksToWithdrawnItemsAndToProvisionsWithElementsAreRefused() throws {
        try FileImport(connection: connection).run(FileImport.fixtureFiles(), reason: "fixtures")
        try connection.execute("SELECT ledger.withdraw_item('item-us-dod-70-missiles-2022-03-03', 'withdrawn for the test')")
        func link(_ id: String, item: String, criterion: String, type: String) throws {
            let linkID = try connection.scalar("INSERT INTO ledger.entity (entity_type, external_id) VALUES ('link', \(id)) RETURNING id", as: UUID.self)!
            try connection.query("""
                INSERT INTO ledger.link_version (entity_id, item_id, criterion_id, criterion_type, relation, credibility, argument)
                SELECT \(linkID), i.id, c.id, \(type), 'supports', '2', 'because'
                FROM ledger.entity i, ledger.entity c
                WHERE i.entity_type = 'item' AND i.external_id = \(item) AND c.entity_type = \(type) AND c.external_id = \(criterion)
                """)
        }
        let withdrawn = #expect(throws: PostgresError.self) {
            try link("link-test-1", item: "item-us-dod-70-missiles-2022-03-03", criterion: "UNGA-3314/3(f).1", type: "element")
        }
        #expect(withdrawn?.sqlState == "EL105")
        let provision = #expect(throws: PostgresError.self) {
            try link("link-test-2", item: "item-hajun-633-missiles-2022-05-14", criterion: "UNGA-3314/3(f)", type: "provision")
        }
        #expect(provision?.sqlState == "EL108")
        try link("link-test-3", item: "item-hajun-633-missiles-2022-05-14", criterion: "UNGA-3314/3(f).1", type: "element")
    }

    @Test func childRowsOfManyParentsAreCheckedEach() throws {
        let fresh = try connection.scalar("INSERT INTO ledger.entity (entity_type, external_id) VALUES ('actor', 'actor-fresh') RETURNING id", as: UUID.self)!
        let old = try connection.scalar("INSERT INTO ledger.entity (entity_type, external_id) VALUES ('actor', 'actor-old') RETURNING id", as: UUID.self)!
        try connection.query("INSERT INTO ledger.actor_version (entity_id, kind) VALUES (\(old), 'state')")
        let error = #expect(throws: PostgresError.self) {
            try connection.transaction { tx in
                try tx.query("INSERT INTO ledger.actor_version (entity_id, kind) VALUES (\(fresh), 'state')")
                try tx.query("""
                    INSERT INTO ledger.actor_name (actor_id, actor_version, ordinal, name, language)
                    VALUES (\(fresh), 1, 1, \("Fresh"), 'en'), (\(old), 1, 1, \("Smuggled"), 'en')
                    """)
            }
        }
        #expect(error?.sqlState == "EL107")
        #expect(error?.message.contains("version 1 of \(old.uuidString.lowercased())") == true, "\(error?.message ?? "")")
        try connection.transaction { tx in
            try tx.query("INSERT INTO ledger.actor_version (entity_id, kind) VALUES (\(fresh), 'state')")
            try tx.query("INSERT INTO ledger.actor_name (actor_id, actor_version, ordinal, name, language) VALUES (\(fresh), 1, 1, \("Fresh"), 'en'), (\(fresh), 1, 2, \("Свежы"), 'be')")
        }
    }

    @Test func stagingCarriesEveryCharacterAsItWas() throws {
        let text = "\"quoted\", a \\ backslash, \\N, a\ttab, a\nnew line and a\r\nCRLF, Łacinka ünï 🙂 {\"not\": [json]}"
        let line = "{\"type\": \"source\", \"id\": \"src-escapes\", \"kind\": \"media\", \"reliability\": \"B\", \"publisher\": \(JSONValue.string(text).text)}\n"
        let path = try TestCluster.makeTemporaryDirectory(prefix: "staging") + "/escapes.jsonl"
        try line.write(toFile: path, atomically: true, encoding: .utf8)
        try FileImport(connection: connection).run([path], reason: "escapes")
        #expect(try connection.scalar("SELECT publisher FROM ledger.current_source WHERE id = 'src-escapes'", as: String.self) == text)
    }

    @Test func externalIDsKeepTheirLimit() throws {
        let longest = "x" + String(repeating: "y", count: 199)
        try connection.query("INSERT INTO ledger.entity (entity_type, external_id) VALUES ('item', \(longest))")
        for bad in [longest + "z", "-x", "has space", "ünï"] {
            let error = #expect(throws: PostgresError.self) {
                try connection.query("INSERT INTO ledger.entity (entity_type, external_id) VALUES ('item', \(bad))")
            }
            #expect(error?.constraint == "entity_external_id_check", "\(bad)")
        }
    }

    /// Amending many links in a ledger that holds many more: the import finds the current version of each staged
    /// link through link_version's primary key, and never reads the whole table (which, with a million items and
    /// their links, is what made a link import slow).
    @Test func theLinkImportFindsCurrentVersionsThroughThePrimaryKey() throws {
        try FileImport(connection: connection).run(FileImport.fixtureFiles(), reason: "fixtures")
        try connection.execute("""
            INSERT INTO ledger.entity (entity_type, external_id) SELECT 'item', 'item-plan-' || g FROM generate_series(1, 3000) g;
            INSERT INTO ledger.item_version (entity_id, kind, title)
            SELECT id, 'other', 'SYNTHETIC' FROM ledger.entity WHERE entity_type = 'item' AND external_id LIKE 'item-plan-%';
            INSERT INTO ledger.entity (entity_type, external_id)
            SELECT 'link', i.external_id || '/' || c.external_id FROM ledger.entity i, ledger.entity c
            WHERE i.entity_type = 'item' AND i.external_id LIKE 'item-plan-%' AND c.entity_type = 'element' AND c.external_id LIKE 'UNGA-3314/3(f).%';
            INSERT INTO ledger.link_version (entity_id, item_id, criterion_id, criterion_type, relation, credibility, argument)
            SELECT l.id, i.id, c.id, 'element', 'supports', '3', 'SYNTHETIC'
            FROM ledger.entity l
            JOIN ledger.entity i ON i.entity_type = 'item' AND i.external_id = split_part(l.external_id, '/', 1)
            JOIN ledger.entity c ON c.entity_type = 'element' AND c.external_id = substr(l.external_id, length(i.external_id) + 2)
            WHERE l.entity_type = 'link' AND l.external_id LIKE 'item-plan-%';
            ANALYZE ledger.entity; ANALYZE ledger.link_version
            """)
        var csv = "item,element,relation,credibility,argument\n"
        for i in 1...3000 { csv += "item-plan-\(i),UNGA-3314/3(f).1,qualifies,2,SYNTHETIC and changed\n" }
        let path = try TestCluster.makeTemporaryDirectory(prefix: "plan") + "/links.csv"
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let records = try FileImport(connection: connection).read([path])
        #expect(records.count == 3000)
        let plan = try connection.transaction { tx in
            let session = try ImportSession(connection: tx, progress: { _ in })
            try session.stage(records)
            try tx.execute("""
                CREATE INDEX ON pg_temp.import_record (entity_type, external_id); ANALYZE pg_temp.import_record;
                CREATE TEMP TABLE import_written (entity_id uuid NOT NULL, version integer NOT NULL) ON COMMIT DROP
                """)
            return try tx.query(PostgresQuery(unsafeSQL: "EXPLAIN " + ImportSQL.versions(for: .link), bindings: [try "plan".postgresBinding()]))
                .map { try $0.decode(String.self, at: 0) }.joined(separator: "\n")
        }
        #expect(plan.contains("using link_version_pkey on link_version"), "\(plan)")
        #expect(!plan.contains("Seq Scan on link_version"), "\(plan)")
        let summary = try FileImport(connection: connection).run([path], reason: "changed relation")
        #expect(summary.amended[.link] == 3000)
    }

    /// New entities get ids that begin with the time (version 7 layout), so that the ids made by one statement sort
    /// together; they stay unique, and the stamp is still the server's.
    @Test func newEntityIDsBeginWithTheTime() throws {
        try connection.execute("""
            INSERT INTO ledger.entity (entity_type, external_id, created_at, created_by)
            SELECT 'item', 'item-ordered-' || g, '2001-01-01', 'someone else' FROM generate_series(1, 2000) g
            """)
        let row = try connection.query("""
            SELECT count(*), count(DISTINCT id), count(*) FILTER (WHERE substr(id::text, 15, 1) <> '7' OR substr(id::text, 20, 1) NOT IN ('8', '9', 'a', 'b')),
                   count(*) FILTER (WHERE created_by <> session_user OR created_at < now() - interval '1 hour'),
                   max(abs(extract(epoch FROM now()) * 1000 - ('x' || translate(substr(id::text, 1, 13), '-', ''))::bit(48)::bigint))::float8
            FROM ledger.entity WHERE external_id LIKE 'item-ordered-%'
            """)[0]
        #expect(try row.decode(Int.self, at: 0) == 2000)
        #expect(try row.decode(Int.self, at: 1) == 2000)
        #expect(try row.decode(Int.self, at: 2) == 0, "version 7, RFC variant")
        #expect(try row.decode(Int.self, at: 3) == 0, "stamped by the server")
        #expect(try row.decode(Double.self, at: 4) < 60_000, "milliseconds of the time the id was made")
    }
}
