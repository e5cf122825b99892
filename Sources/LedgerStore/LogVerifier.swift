import Foundation
import LedgerModel
import Postgres
import Transparency

/// The full audit of the ledger against its log and a pinned checkpoint key: every leaf rehashed from its stored
/// bytes, indices dense, every checkpoint's signature and root, and every stored row against the digests its log
/// entry committed to. It reports what it finds, first problem first; it changes nothing.
public struct LogVerifier {
    public let connection: Connection
    public let pinnedKey: NoteVerifier

    public init(connection: Connection, pinnedKey: NoteVerifier) {
        self.connection = connection
        self.pinnedKey = pinnedKey
    }

    /// One thing that does not hold.
    public struct Finding: Sendable, Equatable {
        /// The log entry concerned, when there is one.
        public var entry: UInt64?
        public var table: String?
        public var rowKey: String?
        public var problem: String
    }

    public struct Report: Sendable {
        public var origin: String
        public var entries: UInt64
        public var checkpoints: Int
        public var latestCheckpoint: UInt64?
        public var rows: Int
        public var rootBase64: String
        /// Sorted by entry (problems without an entry last); empty when everything holds.
        public var findings: [Finding]
        public var holds: Bool { findings.isEmpty }
    }

    public func run() throws -> Report {
        try connection.transaction(TransactionOptions(isolation: .repeatableRead, readOnly: true)) { tx in
            try verify(on: tx)
        }
    }

    func verify(on tx: Connection) throws -> Report {
        var findings: [Finding] = []
        let origin = try LedgerLog(connection: tx).origin()
        if pinnedKey.name != origin {
            findings.append(Finding(problem: "the pinned key is named \(pinnedKey.name), but this ledger's log is \(origin): a key of another log"))
        }

        // Checkpoints: each must be signed by the pinned key, and its stored size and root must be the note's.
        var checkpointRoots: [UInt64: [UInt8]] = [:]
        // The frontiers stored with checkpoints (migration 0012 on), compared with the leaves' at the same size.
        var checkpointFrontiers: [UInt64: [UInt8]] = [:]
        let stored = try tx.query("SELECT size, root, note, frontier FROM ledger.checkpoint ORDER BY size")
        for row in stored {
            let size = UInt64(try row.decode(Int.self, at: 0))
            do {
                let note = try SignedNote(parsing: try row.decode(String.self, at: 2))
                let checkpoint = try Checkpoint(verifying: note, pinnedKey: pinnedKey, expectedOrigin: origin)
                let storedRoot = try row.decode([UInt8].self, at: 1)
                if checkpoint.size != size || checkpoint.root != storedRoot {
                    findings.append(Finding(problem: "checkpoint row of size \(size): its size or root column differs from its signed note"))
                }
                checkpointRoots[checkpoint.size] = checkpoint.root
                if let frontier = try row.decode([UInt8]?.self, at: 3) { checkpointFrontiers[size] = frontier }
            } catch {
                findings.append(Finding(problem: "checkpoint of size \(size): \(error) (the note was changed, or signed by another key)"))
            }
        }

        // Leaves: rehash the stored bytes in order, check each leaf's own fields, compare roots at checkpoint sizes.
        var frontier = MerkleTreeFrontier()
        // Exhibit digests are kept only where a leaf has one (exhibit_content rows); the others are all zeros.
        var committed: [String: (entry: UInt64, payload: [UInt8], exhibit: [UInt8]?)] = [:]
        committed.reserveCapacity(max(0, try tx.scalar("SELECT size FROM ledger.log_head", as: Int.self) ?? 0))
        try tx.stream("SELECT idx, leaf, table_name, row_key FROM ledger.log_entry ORDER BY idx") { row in
            let idx = UInt64(try row.decode(Int.self, at: 0))
            let bytes = try row.decode([UInt8].self, at: 1)
            if idx != frontier.size {
                findings.append(Finding(entry: frontier.size, problem: "entry \(frontier.size) is missing: the next entry is \(idx) (deleted entries)"))
                return
            }
            try frontier.append(leafHash: MerkleTree.leafHash(bytes))
            let leaf: LogLeaf
            do {
                leaf = try LogLeaf(parsing: bytes)
            } catch {
                findings.append(Finding(entry: idx, problem: "the leaf bytes are malformed: \(error)"))
                return
            }
            if leaf.index != idx { findings.append(Finding(entry: idx, table: leaf.table, rowKey: leaf.rowKey, problem: "the leaf says it is entry \(leaf.index) (entries swapped or moved)")) }
            if leaf.origin != origin { findings.append(Finding(entry: idx, table: leaf.table, rowKey: leaf.rowKey, problem: "the leaf belongs to log \(leaf.origin), not \(origin)")) }
            let storedTable = try row.decode(String.self, at: 2), storedKey = try row.decode(String.self, at: 3)
            if leaf.table != storedTable || leaf.rowKey != storedKey {
                findings.append(Finding(entry: idx, table: leaf.table, rowKey: leaf.rowKey, problem: "the entry's table_name/row_key columns differ from its leaf"))
            }
            let key = leaf.table + "\u{1F}" + leaf.rowKey
            if let earlier = committed[key] {
                findings.append(Finding(entry: idx, table: leaf.table, rowKey: leaf.rowKey, problem: "the row was already logged by entry \(earlier.entry): rows are written once"))
            }
            committed[key] = (idx, leaf.payloadSHA256, leaf.exhibitSHA256 == LogLeaf.noExhibit ? nil : leaf.exhibitSHA256)
            if let root = checkpointRoots[frontier.size], root != frontier.rootHash {
                findings.append(Finding(entry: idx, problem: "the first \(frontier.size) entries do not hash to the root of the signed checkpoint of that size (an entry up to here was edited, reordered or replaced)"))
            }
            if let stored = checkpointFrontiers[frontier.size], stored != frontier.subtreeRoots.flatMap({ $0 }) {
                findings.append(Finding(entry: idx, problem: "checkpoint row of size \(frontier.size): its stored frontier differs from the subtree hashes of the first \(frontier.size) entries (the next checkpoint would refuse to extend it)"))
            }
        }
        for (size, _) in checkpointRoots where size > frontier.size {
            findings.append(Finding(entry: frontier.size, problem: "a signed checkpoint covers \(size) entries but the log has \(frontier.size): the tail was truncated"))
        }

        // Rows: each must match what its entry committed to; every row must have an entry, every entry a row.
        // Recomputing every row's digest is the server's biggest task here: let it share the work out among
        // parallel workers (the view's arms and functions are all parallel safe), without JIT compilation, which
        // costs more than it saves on these expressions.
        try tx.execute("SET LOCAL jit = off; SET LOCAL parallel_setup_cost = 0; SET LOCAL parallel_tuple_cost = 0; SET LOCAL min_parallel_table_scan_size = 0")
        var rows = 0
        try tx.stream("SELECT table_name, row_key, payload_sha256, exhibit_sha256 FROM ledger.log_row_digest") { row in
            rows += 1
            let table = try row.decode(String.self, at: 0), rowKey = try row.decode(String.self, at: 1)
            let payload = try row.decode([UInt8].self, at: 2)
            let exhibit = try row.decode([UInt8]?.self, at: 3) ?? LogLeaf.noExhibit
            let key = table + "\u{1F}" + rowKey
            guard let entry = committed.removeValue(forKey: key) else {
                findings.append(Finding(table: table, rowKey: rowKey, problem: "row \(table) \(rowKey) has no log entry: it was written around the log"))
                return
            }
            if entry.payload != payload {
                findings.append(Finding(entry: entry.entry, table: table, rowKey: rowKey, problem: "row \(table) \(rowKey) differs from what entry \(entry.entry) committed to: it was changed after it was written"))
            }
            if (entry.exhibit ?? LogLeaf.noExhibit) != exhibit {
                findings.append(Finding(entry: entry.entry, table: table, rowKey: rowKey, problem: "the exhibit bytes of \(rowKey) differ from what entry \(entry.entry) committed to: the file was replaced"))
            }
        }
        for (key, entry) in committed {
            let parts = key.split(separator: "\u{1F}", maxSplits: 1).map(String.init)
            findings.append(Finding(entry: entry.entry, table: parts.first, rowKey: parts.last, problem: "entry \(entry.entry) logged row \(parts.first ?? "") \(parts.last ?? ""), which is no longer there: it was deleted"))
        }
        findings.sort { ($0.entry ?? UInt64.max, $0.problem) < ($1.entry ?? UInt64.max, $1.problem) }
        return Report(origin: origin, entries: frontier.size, checkpoints: stored.count, latestCheckpoint: checkpointRoots.keys.max(), rows: rows,
                      rootBase64: Data(frontier.rootHash).base64EncodedString(), findings: findings)
    }
}
