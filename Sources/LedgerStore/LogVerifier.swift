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
    /// Opens another connection to the same database as the same role, for reading the rows while the leaves are
    /// read (both in one snapshot); nil reads one after the other.
    public let connectAgain: (@Sendable () throws -> Connection)?

    public init(connection: Connection, pinnedKey: NoteVerifier, connectAgain: (@Sendable () throws -> Connection)? = nil) {
        self.connection = connection
        self.pinnedKey = pinnedKey
        self.connectAgain = connectAgain
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
        // They come over in COPY's binary form and are read in place; a leaf that is not plainly well-formed and in
        // agreement with its columns is read again in full, to say exactly what is wrong with it.
        var frontier = MerkleTreeFrontier()
        // What each entry committed its row to, by table and row key as the leaf encodes them. Exhibit digests are
        // kept only where a leaf has one (exhibit_content rows); the others are all zeros.
        var committed = CommittedRows(capacity: max(0, try tx.scalar("SELECT size FROM ledger.log_head", as: Int.self) ?? 0))
        // The rows' digests, computed meanwhile on a second connection in this transaction's snapshot when there is
        // one (the server reads the rows and this process rebuilds their payloads while the leaves are hashed).
        // (Without a second connection, say at the server's connection limit, they are read afterwards.)
        let rowReader = try connectAgain.flatMap { connect in
            try ConcurrentRowDigests.start(snapshot: try tx.scalar("SELECT pg_export_snapshot()", as: String.self) ?? "", connect: connect)
        }
        defer { rowReader?.stop() }
        let originBytes = Array(origin.utf8)
        let noExhibit = Digest32.zero
        // After entry `idx`: the roots and frontiers signed at this size. (What it reads and changes is passed in,
        // not captured: captured, every entry's reads and writes of it would be checked for overlap as it runs.)
        let rootsBySize = checkpointRoots, frontiersBySize = checkpointFrontiers
        func checkRoots(_ idx: UInt64, _ frontier: MerkleTreeFrontier, _ findings: inout [Finding]) {
            if let root = rootsBySize[frontier.size], root != frontier.rootHash {
                findings.append(Finding(entry: idx, problem: "the first \(frontier.size) entries do not hash to the root of the signed checkpoint of that size (an entry up to here was edited, reordered or replaced)"))
            }
            if let stored = frontiersBySize[frontier.size], stored != frontier.subtreeRootBytes {
                findings.append(Finding(entry: idx, problem: "checkpoint row of size \(frontier.size): its stored frontier differs from the subtree hashes of the first \(frontier.size) entries (the next checkpoint would refuse to extend it)"))
            }
        }
        try tx.copyOutBinary("COPY (SELECT idx, leaf, table_name, row_key FROM ledger.log_entry ORDER BY idx) TO STDOUT (FORMAT binary)") { row in
            guard row.fields.count == 4, let idx64 = row.int64(at: 0), let bytes = row.fields[1], let storedTable = row.fields[2], let storedKey = row.fields[3] else {
                throw LogProblem("unexpected row from the log")
            }
            let idx = UInt64(bitPattern: idx64)
            if idx != frontier.size {
                findings.append(Finding(entry: frontier.size, problem: "entry \(frontier.size) is missing: the next entry is \(idx) (deleted entries)"))
                return
            }
            try frontier.append(leaf: bytes)
            if let layout = LogLeaf.Layout(bytes), layout.index == idx, sameBytes(bytes[layout.origin], originBytes),
               sameBytes(bytes[layout.table], storedTable), sameBytes(bytes[layout.rowKey], storedKey),
               bytes[layout.actingRole].allSatisfy({ $0 < 0x80 }) {
                // Table and row key are those of the columns (valid text), the role is ASCII: the leaf is as
                // LogLeaf(parsing:) reads it, without a problem to report.
                let exhibit = Digest32(UnsafeRawBufferPointer(rebasing: bytes[layout.exhibitSHA256]))
                committed.commit(key: UnsafeRawBufferPointer(rebasing: bytes[layout.tableAndRowKey]), index: idx,
                                 payload: Digest32(UnsafeRawBufferPointer(rebasing: bytes[layout.payloadSHA256])),
                                 exhibit: exhibit == noExhibit ? nil : exhibit)
            } else {
                let leaf: LogLeaf
                do {
                    leaf = try LogLeaf(parsing: Array(bytes))
                } catch {
                    findings.append(Finding(entry: idx, problem: "the leaf bytes are malformed: \(error)"))
                    return
                }
                if leaf.index != idx { findings.append(Finding(entry: idx, table: leaf.table, rowKey: leaf.rowKey, problem: "the leaf says it is entry \(leaf.index) (entries swapped or moved)")) }
                if leaf.origin != origin { findings.append(Finding(entry: idx, table: leaf.table, rowKey: leaf.rowKey, problem: "the leaf belongs to log \(leaf.origin), not \(origin)")) }
                if !Array(leaf.table.utf8).elementsEqual(storedTable) || !Array(leaf.rowKey.utf8).elementsEqual(storedKey) {
                    findings.append(Finding(entry: idx, table: leaf.table, rowKey: leaf.rowKey, problem: "the entry's table_name/row_key columns differ from its leaf"))
                }
                let key = Array(leaf.table.utf8).withUnsafeBytes { t in Array(leaf.rowKey.utf8).withUnsafeBytes { LogLeaf.tableAndRowKey(table: t, rowKey: $0) } }
                let exhibit = Digest32(leaf.exhibitSHA256)
                key.withUnsafeBytes {
                    committed.commit(key: $0, index: idx, payload: Digest32(leaf.payloadSHA256), exhibit: exhibit == noExhibit ? nil : exhibit)
                }
            }
            checkRoots(idx, frontier, &findings)
        }
        committed.finishCommits()
        for repeated in committed.repeats {
            let (table, rowKey) = LogLeaf.decodeTableAndRowKey(repeated.key)
            findings.append(Finding(entry: repeated.index, table: table, rowKey: rowKey, problem: "the row was already logged by entry \(repeated.earlier): rows are written once"))
        }
        for (size, _) in checkpointRoots where size > frontier.size {
            findings.append(Finding(entry: frontier.size, problem: "a signed checkpoint covers \(size) entries but the log has \(frontier.size): the tail was truncated"))
        }

        // Rows: each must match what its entry committed to; every row must have an entry, every entry a row.
        // (RowDigests: the server reads the columns, this process rebuilds and hashes the payloads.)
        // They are looked up in groups (CommittedRows.take(group:)), each as if alone.
        func match(_ key: UnsafeRawBufferPointer, _ payload: Digest32, _ exhibit: Digest32?, _ entry: (index: UInt64, payload: Digest32, exhibit: Digest32?)?) {
            guard let entry else {
                let (table, rowKey) = LogLeaf.decodeTableAndRowKey(Array(key))
                findings.append(Finding(table: table, rowKey: rowKey, problem: "row \(table) \(rowKey) has no log entry: it was written around the log"))
                return
            }
            if entry.payload != payload {
                let (table, rowKey) = LogLeaf.decodeTableAndRowKey(Array(key))
                findings.append(Finding(entry: entry.index, table: table, rowKey: rowKey, problem: "row \(table) \(rowKey) differs from what entry \(entry.index) committed to: it was changed after it was written"))
            }
            if (entry.exhibit ?? noExhibit) != (exhibit ?? noExhibit) {
                let (table, rowKey) = LogLeaf.decodeTableAndRowKey(Array(key))
                findings.append(Finding(entry: entry.index, table: table, rowKey: rowKey, problem: "the exhibit bytes of \(rowKey) differ from what entry \(entry.index) committed to: the file was replaced"))
            }
        }
        func matchBatch(_ batch: RowBatch) {
            batch.withKeys { keys, range in
                var first = 0
                while first < batch.count {
                    let count = min(CommittedRows.groupSize, batch.count - first)
                    committed.take(group: count, key: { UnsafeRawBufferPointer(rebasing: keys[range(first + $0)]) }) { i, entry in
                        let row = first + i
                        match(UnsafeRawBufferPointer(rebasing: keys[range(row)]), batch.payloads[row], batch.exhibit(row), entry)
                    }
                    first += count
                }
            }
        }
        let rows: Int
        if let rowReader {
            rows = try rowReader.forEach(matchBatch)
        } else {
            try RowDigests.prepare(tx)
            var batch = RowBatch(capacity: ConcurrentRowDigests.batchSize)
            rows = try RowDigests(connection: tx).read { key, payload, exhibit in
                batch.append(key: key, payload: payload, exhibit: exhibit)
                if batch.count == ConcurrentRowDigests.batchSize {
                    matchBatch(batch)
                    batch.removeAll()
                }
            }
            matchBatch(batch)
        }
        for (key, index) in committed.notTaken() {
            let (table, rowKey) = LogLeaf.decodeTableAndRowKey(key)
            findings.append(Finding(entry: index, table: table, rowKey: rowKey, problem: "entry \(index) logged row \(table) \(rowKey), which is no longer there: it was deleted"))
        }
        findings.sort { ($0.entry ?? UInt64.max, $0.problem) < ($1.entry ?? UInt64.max, $1.problem) }
        return Report(origin: origin, entries: frontier.size, checkpoints: stored.count, latestCheckpoint: checkpointRoots.keys.max(), rows: rows,
                      rootBase64: Data(frontier.rootHash).base64EncodedString(), findings: findings)
    }
}

/// Whether two byte ranges hold the same bytes.
@inline(__always)
func sameBytes(_ a: Slice<UnsafeRawBufferPointer>, _ b: UnsafeRawBufferPointer) -> Bool {
    a.count == b.count && (a.isEmpty || memcmp(a.base.baseAddress! + a.startIndex, b.baseAddress!, a.count) == 0)
}

@inline(__always)
func sameBytes(_ a: Slice<UnsafeRawBufferPointer>, _ b: [UInt8]) -> Bool {
    b.withUnsafeBytes { sameBytes(a, $0) }
}

/// ``RowDigests`` read on a connection and thread of their own, in the snapshot of the verifier's transaction, and
/// handed over in batches.
final class ConcurrentRowDigests: @unchecked Sendable {
    typealias Batch = RowBatch
    static let batchSize = 8192

    // Every member is read and written only while `condition` is locked.
    private let condition = NSCondition()
    private var batches: [Batch] = []
    private var count = 0
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false

    struct Cancelled: Error {}

    /// Opens the connection and starts reading in `snapshot` (from `pg_export_snapshot()`).
    /// Nil when the connection cannot be opened.
    static func start(snapshot: String, connect: @escaping @Sendable () throws -> Connection) throws -> ConcurrentRowDigests? {
        // A snapshot name is hex digits and dashes; SET TRANSACTION SNAPSHOT takes no parameters.
        guard !snapshot.isEmpty, snapshot.utf8.allSatisfy({ $0 == 0x2D || (0x30...0x39).contains($0) || (0x41...0x46).contains($0) }) else {
            throw LogProblem("unexpected snapshot name \"\(snapshot)\"")
        }
        let reader = ConcurrentRowDigests()
        // The connection is used by the new thread only, from here on.
        struct Handover: @unchecked Sendable { let connection: Connection }
        guard let second = try? connect() else { return nil }
        let handover = Handover(connection: second)
        let thread = Thread {
            let connection = handover.connection
            do {
                try connection.transaction(TransactionOptions(isolation: .repeatableRead, readOnly: true)) { tx in
                    try tx.execute("SET TRANSACTION SNAPSHOT '\(snapshot)'")
                    try RowDigests.prepare(tx)
                    var batch = Batch(capacity: batchSize)
                    try RowDigests(connection: tx).read { key, payload, exhibit in
                        batch.append(key: key, payload: payload, exhibit: exhibit)
                        if batch.count == batchSize {
                            try reader.put(batch)
                            batch = Batch(capacity: batchSize)
                        }
                    }
                    try reader.put(batch)
                }
                connection.close()
                reader.finish(nil)
            } catch {
                connection.close()
                reader.finish(error)
            }
        }
        thread.start()
        return reader
    }

    private func put(_ batch: Batch) throws {
        condition.lock()
        defer { condition.unlock() }
        if cancelled { throw Cancelled() }
        batches.append(batch)
        count += batch.count
        condition.broadcast()
    }

    private func finish(_ error: (any Error)?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// Hands every row to `visit`, in the order read, as the batches arrive; returns how many there were.
    func forEach(_ visit: (Batch) throws -> Void) throws -> Int {
        while true {
            condition.lock()
            while batches.isEmpty && !finished { condition.wait() }
            let taken = batches
            batches.removeAll()
            let done = finished, failure = self.failure, total = count
            condition.unlock()
            for batch in taken { try visit(batch) }
            if done && taken.isEmpty {
                if let failure { throw failure }
                return total
            }
        }
    }

    /// Stops the reading (when the verifier gave up early) and waits until its thread is done with the connection.
    func stop() {
        condition.lock()
        cancelled = true
        while !finished { condition.wait() }
        condition.unlock()
    }
}
