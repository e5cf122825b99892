import Foundation
import LedgerModel
import Postgres
import Transparency

/// The ledger's tamper-evident log as stored in PostgreSQL: its origin, its leaves, tree heads, checkpoints and
/// proofs. Everything here recomputes from the stored leaf bytes; nothing trusts a stored hash.
public struct LedgerLog {
    public let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    /// The log's origin (also the signing key's name).
    public func origin() throws -> String {
        guard let origin = try connection.scalar("SELECT origin FROM ledger.log_config", as: String.self) else {
            throw LogProblem("the ledger has no log configuration (schema not migrated?)")
        }
        return origin
    }

    /// The leaf hashes of the first `size` entries (all when nil), in order, checking indices are dense.
    public func leafHashes(upTo size: UInt64? = nil) throws -> [[UInt8]] {
        var hashes: [[UInt8]] = []
        let limit = size.map { Int64($0) } ?? Int64.max
        try connection.stream("SELECT idx, leaf FROM ledger.log_entry WHERE idx < \(limit) ORDER BY idx") { row in
            let idx = try row.decode(Int.self, at: 0)
            guard idx == hashes.count else { throw LogProblem("the log has no entry \(hashes.count): indices jump to \(idx)") }
            hashes.append(MerkleTree.leafHash(try row.decode([UInt8].self, at: 1)))
        }
        if let size, hashes.count != Int(size) { throw LogProblem("the log has \(hashes.count) entries, fewer than \(size)") }
        return hashes
    }

    /// Appends the leaf hashes of the entries from index `frontier.size` on to `frontier`, in order, checking that
    /// indices are dense from there; when `rootAt` is passed, the root at that size is taken on the way (nil when
    /// beyond the log; the empty root for 0).
    ///
    /// `fromLastCheckpoint: true` reads only the entries from the size of the latest stored checkpoint on (the
    /// frontier must then be that checkpoint's); otherwise every entry, and `frontier` must be empty. The leaf bytes
    /// come over in COPY's binary form and are hashed here: cheaper than letting the server hash them (its SHA-256
    /// costs more per call than the bytes cost to send), and the server's scan runs beside the client's hashing.
    public func extendLeafHashFrontier(_ frontier: inout MerkleTreeFrontier, fromLastCheckpoint: Bool = false,
                                       rootAt: UInt64? = nil) throws -> [UInt8]? {
        guard fromLastCheckpoint || frontier.size == 0 else { throw LogProblem("a frontier read from the first entry must start empty") }
        var snapshot: [UInt8]? = rootAt == frontier.size ? frontier.rootHash : nil
        // No parameters in COPY: the lower bound is read by the server from the same table the caller read it from
        // (the first index is checked against the frontier's size, so a checkpoint stored meanwhile is refused).
        let statement = fromLastCheckpoint
            ? "COPY (SELECT idx, leaf FROM ledger.log_entry WHERE idx >= (SELECT coalesce(max(size), 0) FROM ledger.checkpoint) ORDER BY idx) TO STDOUT (FORMAT binary)"
            : "COPY (SELECT idx, leaf FROM ledger.log_entry ORDER BY idx) TO STDOUT (FORMAT binary)"
        var local = frontier
        try connection.copyOutBinary(statement) { row in
            guard row.fields.count == 2, let idx = row.int64(at: 0), let leaf = row.fields[1] else {
                throw LogProblem("unexpected row from the log")
            }
            guard idx == local.size else { throw LogProblem("the log has no entry \(local.size): indices jump to \(idx)") }
            try local.append(leaf: leaf)
            if let rootAt, local.size == rootAt { snapshot = local.rootHash }
        }
        frontier = local
        return snapshot
    }

    /// The frontier of every entry's leaf hash, checking that indices are dense, and the root at `rootAt` entries
    /// on the way (nil when not asked or beyond the log).
    public func leafHashFrontier(rootAt: UInt64? = nil) throws -> (frontier: MerkleTreeFrontier, rootAt: [UInt8]?) {
        var frontier = MerkleTreeFrontier()
        let root = try extendLeafHashFrontier(&frontier, rootAt: rootAt)
        return (frontier, root)
    }

    /// The stored checkpoints, oldest first.
    public func checkpoints() throws -> [(size: UInt64, note: String, signedAt: Date)] {
        try connection.query("SELECT size, note, signed_at FROM ledger.checkpoint ORDER BY size").map {
            (UInt64(try $0.decode(Int.self, at: 0)), try $0.decode(String.self, at: 1), try $0.decode(Date.self, at: 2))
        }
    }

    /// How ``signCheckpoint(with:rereadingEveryLeaf:)`` computed the tree it signed.
    public enum CheckpointBasis: Sendable, Equatable {
        /// Every leaf was read and hashed, and the first `size` of them were found to hash to the last checkpoint's
        /// root (none when there was no checkpoint yet).
        case everyLeaf
        /// The last checkpoint's stored frontier was checked against its signed root, and only the entries after it
        /// were read and hashed.
        case frontierOfLastCheckpoint(size: UInt64)
    }

    /// Signs the current tree head and stores it (with its frontier), after checking that the previous checkpoint
    /// (if any) was made by the same key and that the head extends it. Returns the signed note.
    ///
    /// By default the tree is extended from the frontier stored with the last checkpoint: the roots of the perfect
    /// subtrees covering the tree it signed, at most 64 hashes. They are only used after they are found to fold to
    /// that checkpoint's signed root, which they cannot do unless they are the hashes of the tree it signed (short of
    /// a SHA-256 collision), so the new tree is that signed tree with the entries after it appended: the signer never
    /// signs a head inconsistent with its last checkpoint, and reads and hashes only the new entries.
    ///
    /// The trade-off: the entries the last checkpoint covers are not read again, so a change to them made since is
    /// not noticed here but by `verify`, which recomputes every leaf against every checkpoint (both the old one and
    /// this one, which commits to the old entries as they were signed, so it cannot make such a change look
    /// legitimate). `rereadingEveryLeaf: true` (`checkpoint --full`) reads and hashes every leaf instead and refuses
    /// when the first entries no longer hash to the last signed root; this is also what happens when the last
    /// checkpoint has no stored frontier (signed before migration 0012). A stored frontier that does not fold to its
    /// signed root is refused: only someone who can write the checkpoint table around its triggers could make one.
    public func signCheckpoint(with signer: NoteSigner, rereadingEveryLeaf: Bool = false) throws -> SignedNote {
        try signCheckpointReporting(with: signer, rereadingEveryLeaf: rereadingEveryLeaf).note
    }

    /// ``signCheckpoint(with:rereadingEveryLeaf:)``, also saying how the tree was computed.
    public func signCheckpointReporting(with signer: NoteSigner, rereadingEveryLeaf: Bool = false) throws -> (note: SignedNote, basis: CheckpointBasis) {
        try connection.transaction { tx in
            // Hold the head so that nothing is appended while the root is computed.
            guard let headSize = try tx.scalar("SELECT size FROM ledger.log_head WHERE singleton FOR SHARE", as: Int.self) else {
                throw LogProblem("the ledger has no log head (schema not migrated?)")
            }
            let log = LedgerLog(connection: tx)
            let origin = try log.origin()
            guard signer.name == origin else {
                throw LogProblem("the key is named \(signer.name), but this ledger's log is \(origin): a checkpoint key is named after its log's origin")
            }
            let last = try tx.query("SELECT note, frontier FROM ledger.checkpoint ORDER BY size DESC LIMIT 1").first
            let previous = try last.map { row -> (note: SignedNote, checkpoint: Checkpoint, frontier: [UInt8]?) in
                let note = try SignedNote(parsing: try row.decode(String.self, at: 0))
                return (note, try Checkpoint(verifying: note, pinnedKey: signer.verifier, expectedOrigin: origin), try row.decode([UInt8]?.self, at: 1))
            }
            var frontier = MerkleTreeFrontier()
            let basis: CheckpointBasis
            if let previous, let stored = previous.frontier, !rereadingEveryLeaf {
                let size = previous.checkpoint.size
                frontier = try Self.frontier(size: size, stored: stored)
                guard frontier.rootHash == previous.checkpoint.root else {
                    throw LogProblem("the frontier stored with the last checkpoint (size \(size)) does not hash to its signed root: the checkpoint table was changed; refusing to sign (evidence-ledger verify shows what else was)")
                }
                // Entries the last checkpoint covers are not read again, but the log must still reach its end.
                let lastCovered = size == 0 ? 1 : try tx.scalar("SELECT count(*) FROM ledger.log_entry WHERE idx = \(Int(size) - 1)", as: Int.self)
                guard UInt64(headSize) >= size, lastCovered == 1 else {
                    throw LogProblem("the last checkpoint is at size \(size) but the log ends before it: the log was truncated; refusing to sign")
                }
                _ = try log.extendLeafHashFrontier(&frontier, fromLastCheckpoint: true)
                basis = .frontierOfLastCheckpoint(size: size)
            } else {
                let oldRoot = try log.extendLeafHashFrontier(&frontier, rootAt: previous?.checkpoint.size)
                if let previous {
                    guard previous.checkpoint.size <= frontier.size else {
                        throw LogProblem("the last checkpoint is at size \(previous.checkpoint.size) but the log has \(frontier.size) entries: the log was truncated; refusing to sign")
                    }
                    guard oldRoot == previous.checkpoint.root else {
                        throw LogProblem("the log's first \(previous.checkpoint.size) entries no longer hash to the root of the last checkpoint: it was changed; refusing to sign")
                    }
                }
                basis = .everyLeaf
            }
            if let previous, previous.checkpoint.size == frontier.size { return (previous.note, basis) }
            let root = frontier.rootHash
            let checkpoint = try Checkpoint(origin: origin, size: frontier.size, root: root)
            let note = try signer.sign(text: checkpoint.body)
            let stored = frontier.subtreeRootBytes
            try tx.query("""
                INSERT INTO ledger.checkpoint (size, root, note, key_name, frontier)
                VALUES (\(Int(frontier.size)), \(root), \(note.formatted), \(signer.name), \(stored))
                """)
            return (note, basis)
        }
    }

    /// A frontier of `size` leaves from its stored form (32-byte hashes, largest subtree first).
    static func frontier(size: UInt64, stored: [UInt8]) throws -> MerkleTreeFrontier {
        guard stored.count % MerkleTree.hashSize == 0 else {
            throw LogProblem("the frontier stored with the checkpoint of size \(size) is \(stored.count) bytes, not a multiple of 32")
        }
        let roots = stride(from: 0, to: stored.count, by: MerkleTree.hashSize).map { Array(stored[$0..<($0 + MerkleTree.hashSize)]) }
        do {
            return try MerkleTreeFrontier(size: size, subtreeRoots: roots)
        } catch {
            throw LogProblem("the frontier stored with the checkpoint of size \(size) is malformed: \(error)")
        }
    }

    /// A `c2sp.org/tlog-proof@v1` for entry `index` against the checkpoint of `size` (default: the latest).
    ///
    /// Built from the stored subtree hashes (extended first when the checkpoint is newer than they are), then
    /// verified against the checkpoint before it is returned; should the stored hashes be wrong, the proof is
    /// rebuilt from every leaf instead.
    /// `extendNodes: false` reads the stored subtree hashes as they are (for read-only transactions, after
    /// `extendNodes(to:)` ran outside them).
    public func proof(entry index: UInt64, checkpointSize size: UInt64? = nil, extendNodes: Bool = true) throws -> TlogProof {
        let checkpoints = try checkpoints()
        guard let checkpoint = size.map({ s in checkpoints.first { $0.size == s } }) ?? checkpoints.last else {
            throw LogProblem(size.map { "there is no checkpoint of size \($0)" } ?? "there is no checkpoint yet: sign one with evidence-ledger checkpoint --key FILE")
        }
        guard index < checkpoint.size else {
            throw LogProblem("entry \(index) is not covered by the checkpoint of size \(checkpoint.size): sign a newer checkpoint")
        }
        let note = try SignedNote(parsing: checkpoint.note)
        let signed = try Checkpoint(parsing: note.text)
        let leaf = try connection.scalar("SELECT leaf FROM ledger.log_entry WHERE idx = \(Int(index))", as: [UInt8].self) ?? []
        let leafHash = MerkleTree.leafHash(leaf)
        if let fast = try? proofFromSubtrees(index: index, size: checkpoint.size, extend: extendNodes),
           (try? fast.verify(leafHash: leafHash, root: signed.root)) != nil {
            return try TlogProof(extra: leaf, index: index, hashes: fast.hashes, checkpoint: note)
        }
        let inclusion = try InclusionProof.generate(index: index, leafHashes: try leafHashes(upTo: checkpoint.size))
        return try TlogProof(extra: leaf, index: index, hashes: inclusion.hashes, checkpoint: note)
    }

    /// Stores the subtree hashes of the first `size` entries that are not stored yet.
    public func extendNodes(to size: UInt64) throws {
        try connection.query("SELECT ledger.log_extend_nodes(\(Int(size)))")
    }

    func proofFromSubtrees(index: UInt64, size: UInt64, extend: Bool = true) throws -> InclusionProof {
        if extend { try extendNodes(to: size) }
        let needed = Array(SubtreeProofs.subtreesNeeded(index: index, size: size))
        var stored: [SubtreeID: [UInt8]] = [:]
        let levels = needed.map { Int32($0.level) }, indices = needed.map { Int($0.index) }
        for row in try connection.query(PostgresQuery(unsafeSQL: """
            SELECT n.level, n.idx, n.hash FROM ledger.log_node n
            JOIN unnest($1::int[], $2::bigint[]) AS w(level, idx) ON w.level = n.level AND w.idx = n.idx
            """, bindings: [try TextArray(levels.map { String($0) }).postgresBinding(), try TextArray(indices.map { String($0) }).postgresBinding()])) {
            stored[SubtreeID(level: try row.decode(Int.self, at: 0), index: UInt64(try row.decode(Int.self, at: 1)))] = try row.decode([UInt8].self, at: 2)
        }
        return try SubtreeProofs.inclusionProof(index: index, size: size) { id in
            guard let hash = stored[id] else { throw LogProblem("subtree \(id.level)/\(id.index) is not stored") }
            return hash
        }
    }

    /// The entry that recorded the current version of item `id`.
    public func entry(forItem id: String) throws -> UInt64 {
        let entry = try connection.scalar("""
            SELECT l.idx FROM ledger.current_item i
            JOIN ledger.log_entry l ON l.table_name = 'item_version' AND l.row_key = jsonb_build_array(i.entity_id::text, i.version::text)::text
            WHERE i.id = \(id)
            """, as: Int.self)
        guard let entry else { throw LogProblem("there is no evidence item \"\(id)\" in the log") }
        return UInt64(entry)
    }

    /// A consistency proof between two tree sizes of this log.
    public func consistencyProof(from old: UInt64, to new: UInt64) throws -> ConsistencyProof {
        let hashes = try leafHashes(upTo: new)
        return try ConsistencyProof.generate(oldSize: old, leafHashes: hashes)
    }
}

/// A problem with the log that stops an operation.
public struct LogProblem: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
