import Foundation
import LedgerModel
import Postgres
import Transparency

/// The ledger as it stood at one signed checkpoint, read in one repeatable-read, read-only transaction: every row
/// whose log entry the checkpoint covers, with its canonical payload, and the means to prove each of them.
///
/// Rows written after the checkpoint are not seen, so writers running meanwhile change nothing in what is read,
/// and the same checkpoint always gives the same records.
public final class DossierSnapshot {
    public struct CheckpointState: Sendable {
        public var origin: String
        public var size: UInt64
        public var root: [UInt8]
        /// When it was signed, as the log writes times (ISO 8601, UTC, microseconds).
        public var signedAt: String
        public var note: SignedNote
    }

    /// The tables a dossier reads (exhibit files are read one by one, by hash).
    public static let tables = ["vocabulary", "entity", "instrument_version", "provision_version", "element_version",
                                "source_version", "exhibit", "actor_version", "actor_name", "place_version", "place_name",
                                "item_version", "item_actor", "item_source", "item_exhibit", "link_version",
                                "sanctions_import", "sanctions_target_version", "designation_version", "actor_match_version"]

    /// The tables of items and links, which a streamed build reads one item at a time (`DossierItemGroups`).
    public static let itemTables = ["item_version", "item_actor", "item_source", "item_exhibit", "link_version"]

    public let checkpoint: CheckpointState
    /// Every record, or with `catalogueOnly` all but those of items and links (the rows of `itemTables` and the
    /// entities of items and links).
    public let records: [LedgerRecord]
    let connection: Connection

    init(connection: Connection, checkpoint: CheckpointState, records: [LedgerRecord]) {
        self.connection = connection
        self.checkpoint = checkpoint
        self.records = records
    }

    /// Reads the snapshot at the checkpoint of `size` (default: the latest) and runs `body` on it, inside the
    /// transaction. With `identities`, protected identities (ledger.source_identity) are read too; row-level
    /// security decides which the role sees. With `proofs: false` (a build that writes no proofs), the subtree hashes
    /// proofs read are not brought up to date first, and `proof(entry:)` is not to be used.
    public static func read<T>(connection: Connection, checkpointSize size: UInt64? = nil, identities: Bool = false,
                               pinnedKey: NoteVerifier, catalogueOnly: Bool = false, proofs: Bool = true,
                               _ body: (DossierSnapshot) throws -> T) throws -> T {
        let log = LedgerLog(connection: connection)
        let stored = try log.checkpoints()
        guard let chosen = size.map({ s in stored.first { $0.size == s } }) ?? stored.last else {
            throw LogProblem(size.map { "there is no checkpoint of size \($0)" }
                ?? "there is no checkpoint yet: a dossier is built from a signed checkpoint (evidence-ledger checkpoint --key FILE)")
        }
        // Proofs read stored subtree hashes; store the missing ones before the read-only snapshot (not when no proof
        // will be read: after a large import that takes seconds).
        if proofs { try? log.extendNodes(to: chosen.size) }
        return try connection.transaction(TransactionOptions(isolation: .repeatableRead, readOnly: true)) { tx in
            // The reads are joins of whole tables with expressions that are function calls: compiling them costs
            // seconds at a million items and saves nothing.
            try tx.execute("SET LOCAL jit = off")
            let origin = try LedgerLog(connection: tx).origin()
            let note = try SignedNote(parsing: chosen.note)
            let signed = try Checkpoint(verifying: note, pinnedKey: pinnedKey, expectedOrigin: origin)
            let signedAt = try tx.scalar("SELECT ledger.log_time(signed_at) FROM ledger.checkpoint WHERE size = \(Int(chosen.size))", as: String.self) ?? ""
            let state = CheckpointState(origin: origin, size: signed.size, root: signed.root, signedAt: signedAt, note: note)
            var records: [LedgerRecord] = []
            // Entity rows are read from their table, so that those of items and links are left out before their
            // payloads are computed (a million items have two million), with the log's own expressions.
            let expressions = try tx.query("SELECT ledger.log_key_expression('entity'), ledger.log_payload_expression('entity')")
            guard let first = expressions.first else { throw LogProblem("the log's expressions for ledger.entity are missing") }
            let entityKey = try first.decode(String.self, at: 0), entityPayload = try first.decode(String.self, at: 1)
            // Of the sanctions data, only what can reach an actor: listings entered for an actor, and the matches a
            // person accepted at some version with their targets and those targets' listings (a dataset of half a
            // million listings stays on the server).
            _ = try tx.stream(PostgresQuery(unsafeSQL: """
                WITH accepted AS (SELECT DISTINCT entity_id, target_id FROM ledger.actor_match_version WHERE decision = 'accepted'),
                relevant AS (
                    SELECT entity_id AS id FROM accepted UNION SELECT target_id FROM accepted
                    UNION SELECT entity_id FROM ledger.designation_version WHERE actor_id IS NOT NULL OR target_id IN (SELECT target_id FROM accepted)
                ),
                sanctioned AS (SELECT id FROM ledger.entity WHERE entity_type IN ('sanctions-target', 'designation', 'actor-match')),
                payload_rows AS (
                    SELECT p.*, CASE WHEN p.table_name IN ('entity', 'sanctions_target_version', 'designation_version', 'actor_match_version')
                                     THEN (p.row_key::jsonb ->> 0)::uuid END AS key_id
                    FROM (SELECT * FROM ledger.log_row_payload WHERE table_name <> 'entity'
                          UNION ALL
                          SELECT 'entity', \(entityKey), \(entityPayload) FROM ledger.entity r WHERE NOT ($3 AND r.entity_type IN ('item', 'link'))
                          \(identities ? " UNION ALL SELECT * FROM ledger.log_identity_payload" : "")) p
                    WHERE (p.table_name = ANY($1::text[]) OR p.table_name = 'source_identity') AND NOT ($3 AND p.table_name = ANY($4::text[]))
                )
                SELECT e.idx, p.table_name, p.row_key, p.payload
                FROM payload_rows p
                JOIN ledger.log_entry e ON e.table_name = p.table_name AND e.row_key = p.row_key
                LEFT JOIN sanctioned s ON s.id = p.key_id
                LEFT JOIN relevant r ON r.id = p.key_id
                WHERE e.idx < $2 AND (s.id IS NULL OR r.id IS NOT NULL)
                ORDER BY e.idx
                """, bindings: [try TextArray(tables).postgresBinding(), try Int(signed.size).postgresBinding(), try catalogueOnly.postgresBinding(),
                                try TextArray(itemTables).postgresBinding()])) { row in
                records.append(LedgerRecord(entry: UInt64(try row.decode(Int.self, at: 0)), table: try row.decode(String.self, at: 1),
                                            key: try row.decode(String.self, at: 2), payload: try row.decode(String.self, at: 3)))
            }
            return try body(DossierSnapshot(connection: tx, checkpoint: state, records: records))
        }
    }

    /// Up to `count` more connections that see this snapshot, for reading in parallel: each opened as the snapshot's
    /// own was (`Connection.sibling`), in a repeatable-read, read-only transaction that imports its snapshot
    /// (`pg_export_snapshot`), with the settings the snapshot reads with. Fewer, or none, when the server gives no
    /// more connections or a new connection is not made as the same role (and none outside a transaction): the
    /// caller reads with those it gets. Closing one ends its transaction.
    func sharing(_ count: Int) throws -> [Connection] { try DossierSnapshot.share(connection, count: count) }

    /// `sharing` for the repeatable-read transaction open on `connection`.
    static func share(_ connection: Connection, count: Int) throws -> [Connection] {
        guard count > 0 else { return [] }
        // (Not under a savepoint: the server exports no snapshot from a subtransaction.)
        guard connection.transactionDepth > 0 else { return [] }
        guard let id = try connection.scalar("SELECT pg_export_snapshot()", as: String.self), !id.isEmpty,
              id.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x46) || $0 == 0x2D }) else {
            throw LogProblem("the server exported a snapshot id of an unexpected form")
        }
        let settings = try connection.query("SELECT current_user::text, current_setting('enable_nestloop')").first
        let user = try settings?.decode(String.self, at: 0)
        let nestloop = try settings?.decode(String.self, at: 1) ?? "on"
        var shared: [Connection] = []
        for _ in 0..<count {
            guard let sibling = try? connection.sibling() else { break }
            do {
                try sibling.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                // (The id is the server's own and checked above to be hexadecimal digits and dashes.)
                try sibling.execute("SET TRANSACTION SNAPSHOT '\(id)'")
                try sibling.execute("SET LOCAL jit = off")
                try sibling.execute(nestloop == "off" ? "SET LOCAL enable_nestloop = off" : "SET LOCAL enable_nestloop = on")
                // Only a connection made as the same role reads for the build (what it may see is that role's).
                guard try sibling.scalar("SELECT current_user::text", as: String.self) == user else {
                    sibling.close()
                    break
                }
            } catch {
                sibling.close()
                break
            }
            shared.append(sibling)
        }
        return shared
    }

    /// The inclusion proof of entry `entry` against the snapshot's checkpoint.
    public func proof(entry: UInt64) throws -> TlogProof {
        try LedgerLog(connection: connection).proof(entry: entry, checkpointSize: checkpoint.size, extendNodes: false)
    }

    /// The log entry (and row key) of each stored exhibit file among `hashes` (lower-case hex) that the checkpoint
    /// covers.
    public func exhibitContentRecords(hashes: [String]) throws -> [String: LedgerRecord] {
        var found: [String: LedgerRecord] = [:]
        let rows = try connection.query(PostgresQuery(unsafeSQL: """
            SELECT encode(c.sha256, 'hex'), e.idx, e.row_key
            FROM ledger.exhibit_content c
            JOIN ledger.log_entry e ON e.table_name = 'exhibit_content' AND e.row_key = jsonb_build_array(c.sha256::text)::text
            WHERE encode(c.sha256, 'hex') = ANY($1::text[]) AND e.idx < $2
            """, bindings: [try TextArray(hashes).postgresBinding(), try Int(checkpoint.size).postgresBinding()]))
        for row in rows {
            let hex = try row.decode(String.self, at: 0)
            found[hex] = LedgerRecord(entry: UInt64(try row.decode(Int.self, at: 1)), table: "exhibit_content",
                                      key: try row.decode(String.self, at: 2), payload: nil)
        }
        return found
    }

    /// The bytes of the exhibit file with SHA-256 `hex`.
    public func exhibitContent(sha256 hex: String) throws -> [UInt8] {
        guard let bytes = try connection.scalar("SELECT content FROM ledger.exhibit_content WHERE encode(sha256, 'hex') = \(hex)", as: [UInt8].self) else {
            throw LogProblem("the exhibit file \(hex) is not stored")
        }
        return bytes
    }
}
