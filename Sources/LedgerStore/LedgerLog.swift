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

    /// The frontier of every entry's leaf hash (hashed by the server: SHA-256 of 0x00 and the stored leaf bytes),
    /// checking that indices are dense, and the root at `rootAt` entries on the way (nil when not asked or beyond
    /// the log).
    public func leafHashFrontier(rootAt: UInt64? = nil) throws -> (frontier: MerkleTreeFrontier, rootAt: [UInt8]?) {
        var frontier = MerkleTreeFrontier()
        var snapshot: [UInt8]? = rootAt == 0 ? MerkleTree.emptyRootHash : nil
        var failure: LogProblem?
        func hexValue(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x61...0x66: return c - 0x61 + 10
            default: return nil
            }
        }
        // COPY text rows: idx, tab, \\x and 64 hex digits, newline.
        try connection.copyOut("COPY (SELECT idx, sha256('\\x00'::bytea || leaf) FROM ledger.log_entry ORDER BY idx) TO STDOUT") { chunk in
            guard failure == nil else { return }
            // The index's decimal digits, read in place (no text made per entry).
            var idx: UInt64 = 0, digitsRead = 0
            var at = chunk.startIndex
            while at < chunk.endIndex, chunk[at] >= 0x30, chunk[at] <= 0x39, digitsRead < 19 {
                idx = idx * 10 + UInt64(chunk[at] - 0x30)
                digitsRead += 1
                at += 1
            }
            guard digitsRead > 0, at < chunk.endIndex, chunk[at] == 0x09 else {
                failure = LogProblem("unexpected row from the log: \(String(decoding: chunk, as: UTF8.self))")
                return
            }
            guard idx == frontier.size else {
                failure = LogProblem("the log has no entry \(frontier.size): indices jump to \(idx)")
                return
            }
            let digits = chunk[(at + 4)...].prefix(64)
            var hash = [UInt8](repeating: 0, count: 32)
            var i = digits.startIndex
            for k in 0..<32 {
                guard i + 1 < digits.endIndex, let high = hexValue(digits[i]), let low = hexValue(digits[i + 1]) else {
                    failure = LogProblem("unexpected leaf hash from the log at entry \(idx)")
                    return
                }
                hash[k] = high << 4 | low
                i += 2
            }
            do { try frontier.append(leafHash: hash) } catch { failure = LogProblem("\(error)") }
            if let rootAt, frontier.size == rootAt { snapshot = frontier.rootHash }
        }
        if let failure { throw failure }
        return (frontier, snapshot)
    }

    /// The stored checkpoints, oldest first.
    public func checkpoints() throws -> [(size: UInt64, note: String, signedAt: Date)] {
        try connection.query("SELECT size, note, signed_at FROM ledger.checkpoint ORDER BY size").map {
            (UInt64(try $0.decode(Int.self, at: 0)), try $0.decode(String.self, at: 1), try $0.decode(Date.self, at: 2))
        }
    }

    /// Signs the current tree head and stores it, after checking that the previous checkpoint (if any) was made by
    /// the same key and is a prefix of the current log. Returns the signed note.
    public func signCheckpoint(with signer: NoteSigner) throws -> SignedNote {
        try connection.transaction { tx in
            // Hold the head so that nothing is appended while the root is computed.
            _ = try tx.query("SELECT size FROM ledger.log_head WHERE singleton FOR SHARE")
            let log = LedgerLog(connection: tx)
            let origin = try log.origin()
            guard signer.name == origin else {
                throw LogProblem("the key is named \(signer.name), but this ledger's log is \(origin): a checkpoint key is named after its log's origin")
            }
            // The leaves' hashes stream through a frontier (O(log n) memory), taking the root at the previous
            // checkpoint's size on the way; the server hashes the leaves, so only 32 bytes a leaf cross the wire.
            let last = try log.checkpoints().last
            let previous = try last.map { last -> (note: SignedNote, checkpoint: Checkpoint) in
                let note = try SignedNote(parsing: last.note)
                return (note, try Checkpoint(verifying: note, pinnedKey: signer.verifier, expectedOrigin: origin))
            }
            let (frontier, oldRoot) = try log.leafHashFrontier(rootAt: previous?.checkpoint.size)
            if let previous {
                guard previous.checkpoint.size <= frontier.size else {
                    throw LogProblem("the last checkpoint is at size \(previous.checkpoint.size) but the log has \(frontier.size) entries: the log was truncated; refusing to sign")
                }
                guard oldRoot == previous.checkpoint.root else {
                    throw LogProblem("the log's first \(previous.checkpoint.size) entries no longer hash to the root of the last checkpoint: it was changed; refusing to sign")
                }
                if previous.checkpoint.size == frontier.size { return previous.note }
            }
            let root = frontier.rootHash
            let checkpoint = try Checkpoint(origin: origin, size: frontier.size, root: root)
            let note = try signer.sign(text: checkpoint.body)
            try tx.query("""
                INSERT INTO ledger.checkpoint (size, root, note, key_name) VALUES (\(Int(frontier.size)), \(root), \(note.formatted), \(signer.name))
                """)
            return note
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
