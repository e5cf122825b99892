import Testing
import Transparency

@Suite("Checkpoints")
struct CheckpointTests {
    static let vectors = TestVectors.shared
    static let origin = "example.org/evidence-ledger/v1"

    var key: NoteVerifier {
        get throws { try NoteVerifier(parsing: Self.vectors.signed_note_vectors.ledger_test_key.vkey) }
    }

    @Test("bodies for sizes 7 and 8 are formatted from origin, size and root", arguments: [7, 8])
    func bodies(size: Int) throws {
        let vector =
            size == 7
            ? Self.vectors.signed_note_vectors.checkpoint_size_7 : Self.vectors.signed_note_vectors.checkpoint_size_8
        let leafHashes = Self.vectors.leaves.map(MerkleTree.leafHash).prefix(size)
        let checkpoint = try Checkpoint(
            origin: Self.origin, size: UInt64(size), root: MerkleTree.rootHash(leafHashes: leafHashes))
        #expect(checkpoint.root == Self.vectors.root(size: size))
        #expect(checkpoint.body == vector.body)
        #expect(try Checkpoint(parsing: vector.body) == checkpoint)

        let verified = try Checkpoint(
            verifying: SignedNote(parsing: vector.signed_note), pinnedKey: key, expectedOrigin: Self.origin)
        #expect(verified == checkpoint)
        #expect(try SignedNote(parsing: vector.signed_note).formatted == vector.signed_note)
    }

    @Test("consistency 7 -> 8 between the two signed checkpoints")
    func consistencySevenToEight() throws {
        let notes = Self.vectors.signed_note_vectors
        let old = try Checkpoint(
            verifying: SignedNote(parsing: notes.checkpoint_size_7.signed_note), pinnedKey: key,
            expectedOrigin: Self.origin)
        let new = try Checkpoint(
            verifying: SignedNote(parsing: notes.checkpoint_size_8.signed_note), pinnedKey: key,
            expectedOrigin: Self.origin)
        let generated = try ConsistencyProof.generate(
            oldSize: old.size, leafHashes: Self.vectors.leaves.map(MerkleTree.leafHash))
        #expect(generated.hashes.map(hex) == notes.consistency_7_to_8.proof_hex)
        let received = ConsistencyProof(
            oldSize: 7, newSize: 8, hashes: notes.consistency_7_to_8.proof_hex.map(bytes(hex:)))
        try received.verify(oldRoot: old.root, newRoot: new.root)
        #expect(throws: ProofVerificationError.self) { try received.verify(oldRoot: new.root, newRoot: old.root) }
    }

    @Test("verification rejects a wrong origin, a wrong key and a tampered body")
    func verificationRejects() throws {
        let note = try SignedNote(parsing: Self.vectors.signed_note_vectors.checkpoint_size_8.signed_note)
        #expect(throws: CheckpointError.self) {
            try Checkpoint(verifying: note, pinnedKey: key, expectedOrigin: "example.org/other-log")
        }
        let stranger = try NoteSigner(name: Self.origin, seed: [UInt8](repeating: 9, count: 32))
        let error = #expect(throws: NoteVerificationError.self) {
            try Checkpoint(verifying: note, pinnedKey: stranger.verifier, expectedOrigin: Self.origin)
        }
        #expect(error?.reason == .noSignatureFromKnownKey)
        // A signed note that is not a checkpoint body verifies as a note but not as a checkpoint.
        let notCheckpoint = try stranger.sign(text: "just one line\n")
        #expect(throws: CheckpointError.self) {
            try Checkpoint(verifying: notCheckpoint, pinnedKey: stranger.verifier, expectedOrigin: Self.origin)
        }
    }

    @Test("extension lines round trip")
    func extensionLines() throws {
        let checkpoint = try Checkpoint(
            origin: "o", size: 0, root: MerkleTree.emptyRootHash, extensionLines: ["ext one", "2"])
        #expect(checkpoint.body == "o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\next one\n2\n")
        #expect(try Checkpoint(parsing: checkpoint.body) == checkpoint)
        #expect(throws: CheckpointError.self) {
            try Checkpoint(origin: "o", size: 0, root: MerkleTree.emptyRootHash, extensionLines: [""])
        }
        #expect(throws: CheckpointError.self) { try Checkpoint(origin: "", size: 0, root: MerkleTree.emptyRootHash) }
        #expect(throws: CheckpointError.self) {
            try Checkpoint(origin: "a\nb", size: 0, root: MerkleTree.emptyRootHash)
        }
        #expect(throws: CheckpointError.self) { try Checkpoint(origin: "o", size: 0, root: [1, 2]) }
    }

    @Test(
        "strict parsing rejects malformed bodies",
        arguments: [
            ("leading zero in size", "o\n07\n3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=\n"),
            ("plus sign in size", "o\n+7\n3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=\n"),
            ("negative size", "o\n-7\n3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=\n"),
            ("size above 2^64 - 1", "o\n18446744073709551616\n3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=\n"),
            ("empty size", "o\n\n3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=\n"),
            ("root of 31 bytes", "o\n7\n3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTA==\n"),
            ("root with unused bits set", "o\n7\n3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIx=\n"),
            ("root without padding", "o\n7\n3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw\n"),
            ("root in hex", "o\n7\nddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c\n"),
            ("missing final newline", "o\n7\n3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw="),
            ("only two lines", "o\n7\n"),
            ("empty origin", "\n7\n3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=\n"),
            ("empty extension line", "o\n7\n3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=\n\n"),
            ("control character in origin", "o\u{7}\n7\n3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=\n"),
        ])
    func rejectsMalformed(description: String, body: String) {
        #expect(throws: CheckpointError.self, "\(description)") { try Checkpoint(parsing: body) }
    }

    @Test("the largest size and size 0 parse")
    func sizeLimits() throws {
        let root = "3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw="
        #expect(try Checkpoint(parsing: "o\n18446744073709551615\n\(root)\n").size == UInt64.max)
        #expect(try Checkpoint(parsing: "o\n0\n\(root)\n").size == 0)
    }
}
