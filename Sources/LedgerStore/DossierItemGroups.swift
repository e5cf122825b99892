import Foundation
import LedgerModel
import Postgres

/// The records of items and their links as a streamed dossier build reads them, in groups, inside the snapshot's
/// transaction: each item linked to a chosen criterion with its entity, its current version and that version's
/// actors, sources and exhibits, and its current links to those criteria with their entities (as of the
/// checkpoint). The server orders the groups, so nothing is held but the group being read.
enum DossierItemGroups {
    /// Streams the groups of the snapshot at `checkpointSize` whose links go to `criteria` (entity ids), one per
    /// item in item order (when it occurred, then its id), calling `body` with each.
    static func stream(_ connection: Connection, checkpointSize: UInt64, criteria: [String],
                       _ body: ([LedgerRecord]) throws -> Void) throws {
        var current: String?
        var group: [LedgerRecord] = []
        _ = try connection.stream(PostgresQuery(unsafeSQL: try sql(connection), bindings: [
            try Int(checkpointSize).postgresBinding(), try TextArray(criteria).postgresBinding(),
        ])) { row in
            let key = try row.decode(String.self, at: 0)
            if key != current {
                if !group.isEmpty { try body(group) }
                group.removeAll(keepingCapacity: true)
                current = key
            }
            group.append(LedgerRecord(entry: UInt64(try row.decode(Int.self, at: 1)), table: try row.decode(String.self, at: 2),
                                      key: try row.decode(String.self, at: 3), payload: try row.decode(String.self, at: 4)))
        }
        if !group.isEmpty { try body(group) }
    }

    /// The tables a group's rows come from.
    static let tables = ["entity", "item_version", "item_actor", "item_source", "item_exhibit", "link_version"]

    /// The query, over the base tables: the current link versions as of the checkpoint ($1) that go to the
    /// criteria ($2) and are not withdrawn, the current versions of their items with their sort keys (the start of
    /// when they occurred, as the log writes it, else "9999") numbered in item order (that, then the external id,
    /// then the entity id), and then, item by item in that order (one sort of the rows read, by that number), each
    /// row of
    /// the group with its log entry, row key and canonical payload text. Rows count as of the checkpoint when
    /// their log entry is below it. The key and payload expressions are the server's own
    /// (`ledger.log_key_expression`, `ledger.log_payload_expression`), so the texts are the log's byte for byte;
    /// they are computed only for the rows read, after the current versions are found on narrow rows.
    static func sql(_ connection: Connection) throws -> String {
        var key: [String: String] = [:], payload: [String: String] = [:]
        for row in try connection.query(PostgresQuery(unsafeSQL: """
            SELECT t, ledger.log_key_expression(t), ledger.log_payload_expression(t) FROM unnest($1::text[]) AS t
            """, bindings: [try TextArray(tables).postgresBinding()])) {
            let table = try row.decode(String.self, at: 0)
            key[table] = try row.decode(String.self, at: 1)
            payload[table] = try row.decode(String.self, at: 2)
        }
        func k(_ table: String) -> String { key[table]! }
        func p(_ table: String) -> String { payload[table]! }
        func child(_ table: String) -> String {
            """
            UNION ALL SELECT k.ord, k.entity_id, e.idx, '\(table)', e.row_key, \(p(table))
                FROM items k JOIN ledger.\(table) r ON r.item_id = k.entity_id AND r.item_version = k.version
                JOIN ledger.log_entry e ON e.table_name = '\(table)' AND e.row_key = \(k(table))
                WHERE e.idx < $1
            """
        }
        return """
            WITH links AS MATERIALIZED (
                SELECT l.entity_id, l.version, l.item_id, l.idx, l.row_key
                FROM (SELECT DISTINCT ON (r.entity_id) r.entity_id, r.version, r.item_id, r.criterion_id, r.withdrawn, e.idx, e.row_key
                      FROM ledger.link_version r
                      JOIN ledger.log_entry e ON e.table_name = 'link_version' AND e.row_key = \(k("link_version"))
                      WHERE e.idx < $1
                      ORDER BY r.entity_id, r.version DESC) l
                WHERE NOT l.withdrawn AND l.criterion_id::text = ANY($2::text[])
            ),
            items AS MATERIALIZED (
                SELECT i.*, row_number() OVER (ORDER BY i.sort_key COLLATE "C", ent.external_id COLLATE "C", i.entity_id) AS ord
                FROM (SELECT DISTINCT ON (r.entity_id) r.entity_id, r.version, e.idx, e.row_key,
                             COALESCE(ledger.log_time(lower(r.occurred)), '9999') AS sort_key
                      FROM ledger.item_version r
                      JOIN ledger.log_entry e ON e.table_name = 'item_version' AND e.row_key = \(k("item_version"))
                      WHERE e.idx < $1 AND r.entity_id IN (SELECT item_id FROM links)
                      ORDER BY r.entity_id, r.version DESC) i
                JOIN ledger.entity ent ON ent.id = i.entity_id
            ),
            entities AS MATERIALIZED (
                SELECT r.id, r.external_id, e.idx, e.row_key, \(p("entity")) AS payload
                FROM ledger.entity r
                JOIN ledger.log_entry e ON e.table_name = 'entity' AND e.row_key = \(k("entity"))
                WHERE e.idx < $1 AND (r.id IN (SELECT entity_id FROM items) OR r.id IN (SELECT entity_id FROM links))
            ),
            members AS (
                SELECT k.ord, k.entity_id AS grp, k.idx, 'item_version' AS table_name, k.row_key,
                       \(p("item_version")) AS payload
                    FROM items k JOIN ledger.item_version r ON r.entity_id = k.entity_id AND r.version = k.version
                UNION ALL SELECT k.ord, k.entity_id, x.idx, 'entity', x.row_key, x.payload
                    FROM items k JOIN entities x ON x.id = k.entity_id
                UNION ALL SELECT k.ord, l.item_id, l.idx, 'link_version', l.row_key, \(p("link_version"))
                    FROM links l JOIN items k ON k.entity_id = l.item_id
                    JOIN ledger.link_version r ON r.entity_id = l.entity_id AND r.version = l.version
                UNION ALL SELECT k.ord, l.item_id, x.idx, 'entity', x.row_key, x.payload
                    FROM links l JOIN items k ON k.entity_id = l.item_id JOIN entities x ON x.id = l.entity_id
                \(child("item_actor"))
                \(child("item_source"))
                \(child("item_exhibit"))
            )
            SELECT m.grp::text, m.idx, m.table_name, m.row_key, m.payload
            FROM members m
            ORDER BY m.ord, m.idx
            """
    }

    /// The item_source records (all versions, as of the checkpoint) that name one of `sources`: the redaction
    /// profile withholds what they hold, and coarsens the places of their items.
    static func recordsNaming(sources: [String], _ connection: Connection, checkpointSize: UInt64) throws -> [LedgerRecord] {
        var records: [LedgerRecord] = []
        _ = try connection.stream(PostgresQuery(unsafeSQL: """
            SELECT e.idx, p.table_name, p.row_key, p.payload
            FROM ledger.log_row_payload p
            JOIN ledger.log_entry e ON e.table_name = p.table_name AND e.row_key = p.row_key
            WHERE p.table_name = 'item_source' AND e.idx < $1 AND p.payload::jsonb ->> 'source_id' = ANY($2::text[])
            ORDER BY e.idx
            """, bindings: [try Int(checkpointSize).postgresBinding(), try TextArray(sources).postgresBinding()])) { row in
            records.append(LedgerRecord(entry: UInt64(try row.decode(Int.self, at: 0)), table: try row.decode(String.self, at: 1),
                                        key: try row.decode(String.self, at: 2), payload: try row.decode(String.self, at: 3)))
        }
        return records
    }

    /// The places of any version (as of the checkpoint) of the items `items`.
    static func places(of items: [String], _ connection: Connection, checkpointSize: UInt64) throws -> Set<String> {
        var places: Set<String> = []
        _ = try connection.stream(PostgresQuery(unsafeSQL: """
            SELECT DISTINCT p.payload::jsonb ->> 'place_id'
            FROM ledger.log_row_payload p
            JOIN ledger.log_entry e ON e.table_name = p.table_name AND e.row_key = p.row_key
            WHERE p.table_name = 'item_version' AND e.idx < $1 AND p.payload::jsonb ->> 'entity_id' = ANY($2::text[])
              AND p.payload::jsonb ->> 'place_id' IS NOT NULL
            """, bindings: [try Int(checkpointSize).postgresBinding(), try TextArray(items).postgresBinding()])) { row in
            places.insert(try row.decode(String.self, at: 0))
        }
        return places
    }
}
