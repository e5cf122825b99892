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
        _ = try connection.stream(PostgresQuery(unsafeSQL: sql, bindings: [
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

    /// The rows as of the checkpoint ($1), the current links to the criteria ($2) and their items, each item with
    /// its sort key (the start of when it occurred, as the log writes it, else "9999") and id; then the groups.
    static let common = """
        WITH item_rows AS MATERIALIZED (
            SELECT e.idx, p.table_name, p.row_key, p.payload, p.payload::jsonb AS j
            FROM ledger.log_row_payload p
            JOIN ledger.log_entry e ON e.table_name = p.table_name AND e.row_key = p.row_key
            WHERE p.table_name IN ('item_version', 'item_actor', 'item_source', 'item_exhibit', 'link_version') AND e.idx < $1
        ),
        entity_rows AS MATERIALIZED (
            SELECT e.idx, p.table_name, p.row_key, p.payload, p.row_key::jsonb ->> 0 AS id, p.payload::jsonb ->> 'external_id' AS external_id
            FROM ledger.log_row_payload p
            JOIN ledger.log_entry e ON e.table_name = p.table_name AND e.row_key = p.row_key
            WHERE p.table_name = 'entity' AND e.idx < $1 AND p.payload::jsonb ->> 'entity_type' IN ('item', 'link')
        ),
        links AS MATERIALIZED (
            SELECT l.idx, l.table_name, l.row_key, l.payload, l.j ->> 'entity_id' AS link, l.j ->> 'item_id' AS item,
                   l.j ->> 'criterion_id' AS criterion, COALESCE(l.j ->> 'relation', 'supports') AS relation
            FROM (SELECT DISTINCT ON (j ->> 'entity_id') * FROM item_rows WHERE table_name = 'link_version'
                  ORDER BY j ->> 'entity_id', (j ->> 'version')::int DESC) l
            WHERE (l.j ->> 'withdrawn') IS DISTINCT FROM 'true' AND (l.j ->> 'criterion_id') = ANY($2::text[])
        ),
        items AS MATERIALIZED (
            SELECT i.*, x.external_id
            FROM (SELECT DISTINCT ON (j ->> 'entity_id') idx, table_name, row_key, payload, j ->> 'entity_id' AS item, j ->> 'version' AS version,
                         COALESCE(split_part(substr(j ->> 'occurred', 2), ',', 1), '9999') AS sort_key
                  FROM item_rows WHERE table_name = 'item_version' AND (j ->> 'entity_id') IN (SELECT item FROM links)
                  ORDER BY j ->> 'entity_id', (j ->> 'version')::int DESC) i
            LEFT JOIN entity_rows x ON x.id = i.item
        ),
        item_members AS (
            SELECT k.item, k.idx, k.table_name, k.row_key, k.payload FROM items k
            UNION ALL SELECT k.item, x.idx, x.table_name, x.row_key, x.payload FROM items k JOIN entity_rows x ON x.id = k.item
            UNION ALL SELECT k.item, c.idx, c.table_name, c.row_key, c.payload FROM items k
                JOIN item_rows c ON c.table_name IN ('item_actor', 'item_source', 'item_exhibit') AND c.j ->> 'item_id' = k.item AND c.j ->> 'item_version' = k.version
        )
        """

    static let sql = common + """
        , members AS (
            SELECT item AS grp, idx, table_name, row_key, payload FROM item_members
            UNION ALL SELECT l.item, l.idx, l.table_name, l.row_key, l.payload FROM links l
            UNION ALL SELECT l.item, x.idx, x.table_name, x.row_key, x.payload FROM links l JOIN entity_rows x ON x.id = l.link
        )
        SELECT m.grp, m.idx, m.table_name, m.row_key, m.payload
        FROM members m JOIN items k ON k.item = m.grp
        ORDER BY k.sort_key COLLATE "C", k.external_id COLLATE "C", m.grp, m.idx
        """

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
