import Foundation
import LedgerModel
import LedgerStore
import LedgerTestSupport
import Postgres
import Testing
import Transparency

/// The tamper suite: each test loads the fixture set, signs a checkpoint, then does as a superuser in psql would,
/// and verify must fail naming what happened. Verify passes on the untouched ledger.
@Suite("Tamper evidence")
struct LogTamperTests {
    let connection: Connection
    let signer: NoteSigner

    init() throws {
        connection = try Connection.connect(try TestCluster.shared.makeMigratedDatabase())
        try FileImport(connection: connection).run(FileImport.fixtureFiles(), reason: "fixtures")
        let origin = try LedgerLog(connection: connection).origin()
        signer = try NoteSigner(name: origin, seed: Array(repeating: 7, count: 32))
        _ = try LedgerLog(connection: connection).signCheckpoint(with: signer)
    }

    func verify(key: NoteVerifier? = nil) throws -> LogVerifier.Report {
        try LogVerifier(connection: connection, pinnedKey: key ?? signer.verifier).run()
    }

    /// Runs SQL with triggers and foreign keys off, as a superuser can.
    func tamper(_ sql: String) throws {
        try connection.transaction { tx in
            try tx.execute("SET LOCAL session_replication_role = replica")
            try tx.execute(sql)
        }
    }

    func expectFailure(_ report: LogVerifier.Report, mentioning words: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!report.holds, sourceLocation: sourceLocation)
        #expect(report.findings.contains { $0.problem.contains(words) }, "\(report.findings.map(\.problem))", sourceLocation: sourceLocation)
    }

    @Test func anUntouchedLedgerVerifies() throws {
        let report = try verify()
        #expect(report.holds, "\(report.findings)")
        #expect(report.entries > 700)
        #expect(report.rows == Int(report.entries))
        #expect(report.latestCheckpoint == report.entries)
        // New writes are logged too, and still verify.
        try FileImport(connection: connection).run([FileImport.fixturesDirectory() + "/samples/batch.jsonl"], reason: "again")
        try connection.execute("SELECT ledger.withdraw_item('item-us-dod-70-missiles-2022-03-03', 'test withdrawal')")
        let after = try verify()
        #expect(after.holds, "\(after.findings)")
        #expect(after.entries > report.entries)
    }

    @Test func rowsWithEveryKindOfCharacterVerify() throws {
        // Verify rebuilds payloads and row keys from the columns: escapes, control characters, non-ASCII text and
        // quotes in a primary key must come out as the server wrote them into the leaves.
        let texts = ["quote \" and back\\slash", "tab\tnewline\ncr\r bs\u{08} ff\u{0C}", "low \u{01}\u{1F} and DEL \u{7F}",
                     "Лукашенко – ü 🚀", "{\"json\": [1, 2]}"]
        for (i, text) in texts.enumerated() {
            try connection.query("INSERT INTO ledger.vocabulary (vocabulary, code, label, ordinal) VALUES ('test_characters', \(text + " \(i)"), \(text), \(i))")
        }
        let report = try verify()
        #expect(report.holds, "\(report.findings)")
        // And a change to one of them is still caught.
        try tamper("UPDATE ledger.vocabulary SET label = label || ' ' WHERE vocabulary = 'test_characters' AND ordinal = 1")
        let changed = try verify()
        expectFailure(changed, mentioning: "changed after it was written")
        #expect(changed.findings.first?.table == "vocabulary")
    }

    @Test func aRowEditedWithTriggersOff() throws {
        try tamper("UPDATE ledger.item_version SET title = 'forged' WHERE title LIKE 'Latushka: Russian forces used fuel%'")
        let report = try verify()
        expectFailure(report, mentioning: "changed after it was written")
        #expect(report.findings.first?.table == "item_version")
    }

    @Test func aLeafEdited() throws {
        try tamper("UPDATE ledger.log_entry SET leaf = set_byte(leaf, length(leaf) - 40, get_byte(leaf, length(leaf) - 40) # 1) WHERE idx = 100")
        let report = try verify()
        #expect(report.findings.first?.entry == 100)
        expectFailure(report, mentioning: "do not hash to the root of the signed checkpoint")
    }

    @Test func anEntryDeleted() throws {
        try tamper("DELETE FROM ledger.log_entry WHERE idx = 50")
        expectFailure(try verify(), mentioning: "entry 50 is missing")
    }

    @Test func twoEntriesSwapped() throws {
        try tamper("""
            UPDATE ledger.log_entry e SET leaf = o.leaf, table_name = o.table_name, row_key = o.row_key
            FROM ledger.log_entry o WHERE (e.idx, o.idx) IN ((10, 11), (11, 10))
            """)
        let report = try verify()
        expectFailure(report, mentioning: "the leaf says it is entry 11")
        #expect(report.findings.first?.entry == 10)
    }

    @Test func theTailTruncatedBelowTheCheckpoint() throws {
        try tamper("DELETE FROM ledger.log_entry WHERE idx >= (SELECT max(idx) - 5 FROM ledger.log_entry)")
        expectFailure(try verify(), mentioning: "the tail was truncated")
    }

    @Test func aWholeRewriteWithRecomputedHashes() throws {
        // Change a row and rebuild its leaf so that row and leaf agree: only the signed checkpoint catches it.
        try tamper("""
            UPDATE ledger.item_version SET title = 'rewritten' WHERE title LIKE 'Latushka: Russian forces used fuel%';
            UPDATE ledger.log_entry e SET leaf = ledger.log_leaf(c.origin, e.idx, e.recorded_at, e.table_name, e.row_key, (e.row_key::jsonb->>1)::int, e.acting_role, d.payload_sha256, d.exhibit_sha256)
            FROM ledger.log_config c, ledger.log_row_digest d
            WHERE d.table_name = e.table_name AND d.row_key = e.row_key AND e.table_name = 'item_version'
              AND d.row_key IN (SELECT jsonb_build_array(entity_id::text, version::text)::text FROM ledger.item_version WHERE title = 'rewritten');
            """)
        let report = try verify()
        #expect(!report.findings.contains { $0.problem.contains("changed after it was written") })
        expectFailure(report, mentioning: "do not hash to the root of the signed checkpoint")
    }

    @Test func aCheckpointBodyChanged() throws {
        try tamper("UPDATE ledger.checkpoint SET note = regexp_replace(note, E'\\n[0-9]+\\n', E'\\n999999\\n')")
        expectFailure(try verify(), mentioning: "checkpoint of size")
    }

    @Test func aCheckpointSignedByAnotherKey() throws {
        let other = try NoteSigner(name: signer.name, seed: Array(repeating: 9, count: 32))
        try connection.execute("INSERT INTO ledger.entity (entity_type, external_id) VALUES ('source', 'src-after-checkpoint')")
        let log = LedgerLog(connection: connection)
        // The signer refuses: the last checkpoint is not this key's.
        #expect(throws: (any Error).self) { try log.signCheckpoint(with: other) }
        // A checkpoint made with another key and stored anyway is caught.
        let hashes = try log.leafHashes()
        let body = try Checkpoint(origin: signer.name, size: UInt64(hashes.count), root: try MerkleTree.rootHash(leafHashes: hashes)).body
        let note = try other.sign(text: body)
        try connection.query("INSERT INTO ledger.checkpoint (size, root, note, key_name) VALUES (\(hashes.count), \(try MerkleTree.rootHash(leafHashes: hashes)), \(note.formatted), \(other.name))")
        expectFailure(try verify(), mentioning: "checkpoint of size \(hashes.count)")
    }

    @Test func aProofFromAnotherOrigin() throws {
        let proof = try LedgerLog(connection: connection).proof(entry: 3)
        _ = try proof.verify(pinnedKey: signer.verifier, expectedOrigin: signer.name)
        #expect(throws: (any Error).self) { try proof.verify(pinnedKey: signer.verifier, expectedOrigin: "evidence-ledger.local/another/000000000000") }
        let stranger = try NoteSigner(name: "evidence-ledger.local/another/000000000000", seed: Array(repeating: 3, count: 32))
        #expect(throws: (any Error).self) { try proof.verify(pinnedKey: stranger.verifier, expectedOrigin: stranger.name) }
    }

    @Test func anExhibitsBytesReplaced() throws {
        let bytes = Array("the original capture".utf8)
        try connection.transaction { tx in
            try tx.query("INSERT INTO ledger.exhibit_content (sha256, content) VALUES (sha256(\(bytes)), \(bytes))")
        }
        #expect(try verify().holds)
        // New bytes under the old hash (the hash check dropped first, as a superuser can).
        try tamper("""
            ALTER TABLE ledger.exhibit_content DROP CONSTRAINT exhibit_content_hash_check;
            UPDATE ledger.exhibit_content SET content = convert_to('a forged capture', 'UTF8');
            """)
        expectFailure(try verify(), mentioning: "the file was replaced")
    }

    @Test func anExhibitSwappedForAnotherFile() throws {
        let bytes = Array("the original capture".utf8)
        try connection.query("INSERT INTO ledger.exhibit_content (sha256, content) VALUES (sha256(\(bytes)), \(bytes))")
        // New bytes with their own hash: the logged row is gone and an unlogged one appeared.
        try tamper("UPDATE ledger.exhibit_content SET content = convert_to('a forged capture', 'UTF8'), sha256 = sha256(convert_to('a forged capture', 'UTF8'))")
        let report = try verify()
        expectFailure(report, mentioning: "it was deleted")
        expectFailure(report, mentioning: "written around the log")
    }

    @Test func aWithdrawnItemPhysicallyDeleted() throws {
        try connection.execute("SELECT ledger.withdraw_item('item-us-dod-70-missiles-2022-03-03', 'test')")
        _ = try LedgerLog(connection: connection).signCheckpoint(with: signer)
        try tamper("""
            DELETE FROM ledger.item_source WHERE item_id = (SELECT id FROM ledger.entity WHERE external_id = 'item-us-dod-70-missiles-2022-03-03');
            DELETE FROM ledger.item_actor WHERE item_id = (SELECT id FROM ledger.entity WHERE external_id = 'item-us-dod-70-missiles-2022-03-03');
            DELETE FROM ledger.item_version WHERE entity_id = (SELECT id FROM ledger.entity WHERE external_id = 'item-us-dod-70-missiles-2022-03-03');
            """)
        expectFailure(try verify(), mentioning: "it was deleted")
    }

    @Test func proofsComeFromStoredSubtreesAndSurviveWrongOnes() throws {
        let log = LedgerLog(connection: connection)
        let hashes = try log.leafHashes()
        let proof = try log.proof(entry: 100)
        #expect(proof.hashes == (try InclusionProof.generate(index: 100, leafHashes: hashes)).hashes)
        _ = try proof.verify(pinnedKey: signer.verifier, expectedOrigin: signer.name)
        #expect(try connection.scalar("SELECT count(*) > 0 FROM ledger.log_node", as: Bool.self) == true)
        // Stored subtree hashes are not trusted: wrong ones only cost the fast path.
        try connection.execute("UPDATE ledger.log_node SET hash = sha256(hash) WHERE level > 0")
        let again = try log.proof(entry: 100)
        #expect(again == proof)
        _ = try again.verify(pinnedKey: signer.verifier, expectedOrigin: signer.name)
        // And verify never reads them.
        #expect(try verify().holds)
    }

    @Test func storedSubtreesGrowStepByStepToExactlyTheHashesOfTheLeaves() throws {
        let log = LedgerLog(connection: connection)
        let leaves = try log.leafHashes()
        // Extend in uneven steps, so that each call starts where the previous one stopped, mid-level.
        var sizes: [UInt64] = [1, 2, 3, 5, 8, 13, 100, 101, 255, 256, 257]
        sizes = sizes.filter { $0 < UInt64(leaves.count) } + [UInt64(leaves.count)]
        for size in sizes {
            try log.extendNodes(to: size)
            var expected = 0
            var width = 1
            while width <= Int(size) { expected += Int(size) / width; width *= 2 }
            #expect(try connection.scalar("SELECT count(*)::int FROM ledger.log_node", as: Int.self) == expected, "size \(size)")
        }
        for row in try connection.query("SELECT level, idx, hash FROM ledger.log_node") {
            let level = try row.decode(Int.self, at: 0), index = try row.decode(Int.self, at: 1)
            let start = index << level, end = (index + 1) << level
            #expect(try row.decode([UInt8].self, at: 2) == (try MerkleTree.rootHash(leafHashes: leaves[start..<end])), "node \(level)/\(index)")
        }
    }

    /// Adds log entries through the ordinary path (new sources), after the fixture's checkpoint.
    func appendEntries(_ names: [String]) throws {
        for name in names {
            try connection.execute("INSERT INTO ledger.entity (entity_type, external_id) VALUES ('source', 'src-\(name)')")
        }
    }

    @Test func aCheckpointExtendsTheLastOneAndEqualsRecomputingEveryLeaf() throws {
        let log = LedgerLog(connection: connection)
        // Uneven sizes, so that frontiers of different shapes are stored and extended.
        for (round, count) in [1, 2, 5, 13].enumerated() {
            try appendEntries((0..<count).map { "more-\(round)-\($0)" })
            let (note, basis) = try log.signCheckpointReporting(with: signer)
            let signed = try Checkpoint(parsing: note.text)
            #expect(basis == .frontierOfLastCheckpoint(size: signed.size - UInt64(count)))
            let hashes = try log.leafHashes()
            #expect(signed.size == UInt64(hashes.count))
            #expect(signed.root == (try MerkleTree.rootHash(leafHashes: hashes)))
            // The stored frontier is the one of every leaf.
            let stored = try connection.scalar("SELECT frontier FROM ledger.checkpoint WHERE size = \(Int(signed.size))", as: [UInt8].self)
            #expect(stored == (try log.leafHashFrontier().frontier.subtreeRoots.flatMap { $0 }))
        }
        // Rereading every leaf signs nothing new (same size) and agrees.
        try appendEntries(["full"])
        let (incremental, _) = try log.signCheckpointReporting(with: signer)
        try appendEntries(["full-2"])
        let (full, basis) = try log.signCheckpointReporting(with: signer, rereadingEveryLeaf: true)
        #expect(basis == .everyLeaf)
        #expect(try Checkpoint(parsing: full.text).root == (try MerkleTree.rootHash(leafHashes: try log.leafHashes())))
        #expect(incremental != full)
        #expect(try verify().holds)
    }

    @Test func aChangedStoredFrontierMakesTheSignerRefuse() throws {
        // Still the frontier of a tree of that size, but not of the one signed.
        try tamper("UPDATE ledger.checkpoint SET frontier = set_byte(frontier, 0, get_byte(frontier, 0) # 1)")
        try appendEntries(["after-frontier-change"])
        #expect {
            try LedgerLog(connection: connection).signCheckpoint(with: signer)
        } throws: { error in
            "\(error)".contains("does not hash to its signed root")
        }
        expectFailure(try verify(), mentioning: "its stored frontier differs")
    }

    @Test func anEntryChangedBelowTheLastCheckpointIsLeftToVerifyUnlessEveryLeafIsReread() throws {
        let log = LedgerLog(connection: connection)
        let before = try log.leafHashes()
        try tamper("UPDATE ledger.log_entry SET leaf = set_byte(leaf, length(leaf) - 40, get_byte(leaf, length(leaf) - 40) # 1) WHERE idx = 100")
        try appendEntries(["after-leaf-change"])
        // Rereading every leaf notices and refuses.
        #expect {
            try log.signCheckpoint(with: signer, rereadingEveryLeaf: true)
        } throws: { error in
            "\(error)".contains("no longer hash to the root of the last checkpoint")
        }
        // The frontier path signs the signed entries as they were signed, with the new one after them: the change
        // is not made to look legitimate, and verify names it against both checkpoints.
        let note = try log.signCheckpoint(with: signer)
        var original = before
        original.append(try log.leafHashes().last!)
        #expect(try Checkpoint(parsing: note.text).root == (try MerkleTree.rootHash(leafHashes: original)))
        let report = try verify()
        #expect(report.findings.first?.entry == 100)
        #expect(report.findings.filter { $0.problem.contains("do not hash to the root of the signed checkpoint") }.count == 2)
    }

    @Test func theTailTruncatedBelowTheLastCheckpointMakesTheSignerRefuse() throws {
        try tamper("DELETE FROM ledger.log_entry WHERE idx >= (SELECT max(idx) - 5 FROM ledger.log_entry)")
        #expect {
            try LedgerLog(connection: connection).signCheckpoint(with: signer)
        } throws: { error in
            "\(error)".contains("the log was truncated")
        }
    }

    @Test func aCheckpointWithoutAStoredFrontierIsFollowedByReadingEveryLeaf() throws {
        // As for checkpoints signed before migration 0012.
        try tamper("UPDATE ledger.checkpoint SET frontier = NULL")
        try appendEntries(["after-old-checkpoint"])
        let log = LedgerLog(connection: connection)
        let (_, basis) = try log.signCheckpointReporting(with: signer)
        #expect(basis == .everyLeaf)
        try appendEntries(["after-new-checkpoint"])
        let (note, next) = try log.signCheckpointReporting(with: signer)
        #expect(next == .frontierOfLastCheckpoint(size: try Checkpoint(parsing: note.text).size - 1))
        #expect(try verify().holds)
    }

    @Test func aRowWrittenAroundTheLog() throws {
        try tamper("INSERT INTO ledger.entity (entity_type, external_id) VALUES ('source', 'src-smuggled')")
        expectFailure(try verify(), mentioning: "written around the log")
    }

    @Test func aKeyOfAnotherLog() throws {
        let stranger = try NoteSigner(name: "evidence-ledger.local/another/000000000000", seed: Array(repeating: 3, count: 32))
        expectFailure(try verify(key: stranger.verifier), mentioning: "a key of another log")
    }
}

@Suite("Signing key files")
struct SigningKeyFileTests {
    @Test func keysAreWrittenPrivatelyReadBackAndNeverOverwritten() throws {
        let dir = try TestCluster.makeTemporaryDirectory(prefix: "el-keys")
        for i in 0..<8 {
            let path = dir + "/k\(i).key"
            let signer = try SigningKeyFile.generate(name: "evidence-ledger.local/test/\(i)", path: path)
            var info = stat()
            #expect(stat(path, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o600)
            #expect(try SigningKeyFile.load(path: path).verifier == signer.verifier)
            #expect(throws: SigningKeyFile.Problem.self) { try SigningKeyFile.generate(name: "x", path: path) }
        }
        let open = dir + "/open.key"
        _ = try SigningKeyFile.generate(name: "evidence-ledger.local/test/open", path: open)
        chmod(open, 0o644)
        #expect(throws: SigningKeyFile.Problem.self) { try SigningKeyFile.load(path: open) }
    }
}
