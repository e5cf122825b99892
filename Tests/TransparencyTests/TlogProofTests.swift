import Testing
import Transparency

@Suite("tlog-proof@v1")
struct TlogProofTests {
    static let vectors = TestVectors.shared
    static let origin = "example.org/evidence-ledger/v1"

    var vector: TestVectors.SignedNoteVectors.TlogProofVector {
        Self.vectors.signed_note_vectors.tlog_proof_index_5_size_8
    }
    var key: NoteVerifier {
        get throws { try NoteVerifier(parsing: Self.vectors.signed_note_vectors.ledger_test_key.vkey) }
    }
    var leaf: [UInt8] { bytes(hex: vector.leaf_input_hex) }
    var checkpointNote: String { Self.vectors.signed_note_vectors.checkpoint_size_8.signed_note }

    @Test("the index 5, size 8 proof is reproduced byte for byte from the tree and the signed checkpoint")
    func reproduce() throws {
        let leafHashes = Self.vectors.leaves.map(MerkleTree.leafHash)
        #expect(leafHashes[5] == MerkleTree.leafHash(leaf))
        let inclusion = try InclusionProof.generate(index: 5, leafHashes: leafHashes)
        let checkpoint = try SignedNote(parsing: Self.vectors.signed_note_vectors.checkpoint_size_8.signed_note)
        let proof = try TlogProof(extra: nil, index: 5, hashes: inclusion.hashes, checkpoint: checkpoint)
        #expect(proof.formatted == vector.text)
        #expect(try TlogProof(parsing: vector.text) == proof)
    }

    @Test("the vector's checkpoint part is the size 8 checkpoint note, verbatim")
    func embedsCheckpoint() {
        #expect(vector.text.hasSuffix("\n\n" + checkpointNote))
    }

    @Test("the vector parses, round-trips and verifies against the pinned key and origin")
    func verify() throws {
        let proof = try TlogProof(parsing: vector.text)
        #expect(proof.extra == nil)
        #expect(proof.index == 5)
        #expect(proof.hashes.count == 3)
        #expect(proof.formatted == vector.text)
        let checkpoint = try proof.verify(
            leafHash: MerkleTree.leafHash(leaf), pinnedKey: key, expectedOrigin: Self.origin)
        #expect(checkpoint.size == 8)
        #expect(checkpoint.root == Self.vectors.root(size: 8))
        // Without an extra line the proof does not carry the leaf.
        #expect(throws: TlogProofError.self) { try proof.verify(pinnedKey: key, expectedOrigin: Self.origin) }
    }

    @Test("with the leaf bytes in the extra line, verify(pinnedKey:expectedOrigin:) uses them")
    func verifyWithExtra() throws {
        let parsed = try TlogProof(parsing: vector.text)
        let proof = try TlogProof(
            extra: leaf, index: parsed.index, hashes: parsed.hashes, checkpoint: parsed.checkpoint)
        let text = proof.formatted
        #expect(text == vector.text.replacingOccurrences(of: "@v1\nindex", with: "@v1\nextra QEFCQw==\nindex"))
        let reparsed = try TlogProof(parsing: text)
        #expect(reparsed.extra == leaf)
        #expect(try reparsed.verify(pinnedKey: key, expectedOrigin: Self.origin).size == 8)

        let otherLeaf = try TlogProof(
            extra: [0x40, 0x41, 0x42, 0x44], index: 5, hashes: parsed.hashes, checkpoint: parsed.checkpoint)
        #expect(throws: ProofVerificationError.self) {
            try otherLeaf.verify(pinnedKey: key, expectedOrigin: Self.origin)
        }
    }

    @Test("verification rejects a wrong leaf, index, origin or key")
    func verifyRejects() throws {
        let proof = try TlogProof(parsing: vector.text)
        let leafHash = MerkleTree.leafHash(leaf)
        #expect(throws: ProofVerificationError.self) {
            try proof.verify(
                leafHash: MerkleTree.leafHash([0x40, 0x41, 0x42]), pinnedKey: key, expectedOrigin: Self.origin)
        }
        let movedIndex = try TlogProof(extra: nil, index: 4, hashes: proof.hashes, checkpoint: proof.checkpoint)
        #expect(throws: ProofVerificationError.self) {
            try movedIndex.verify(leafHash: leafHash, pinnedKey: key, expectedOrigin: Self.origin)
        }
        #expect(throws: CheckpointError.self) {
            try proof.verify(leafHash: leafHash, pinnedKey: key, expectedOrigin: "example.org/evidence-ledger/v2")
        }
        let stranger = try NoteSigner(name: Self.origin, seed: [UInt8](repeating: 3, count: 32))
        let error = #expect(throws: NoteVerificationError.self) {
            try proof.verify(leafHash: leafHash, pinnedKey: stranger.verifier, expectedOrigin: Self.origin)
        }
        #expect(error?.reason == .noSignatureFromKnownKey)
        // A checkpoint re-signed by another key with the same name but a different size is not trusted.
        let forged = try stranger.sign(
            text: "\(Self.origin)\n6\n\(Checkpoint(parsing: proof.checkpoint.text).body.split(separator: "\n")[2])\n")
        let forgedProof = try TlogProof(extra: nil, index: 5, hashes: proof.hashes, checkpoint: forged)
        #expect(throws: NoteVerificationError.self) {
            try forgedProof.verify(leafHash: leafHash, pinnedKey: key, expectedOrigin: Self.origin)
        }
    }

    @Test(
        "strict parsing rejects malformed proofs",
        arguments: [
            ("wrong header", "c2sp.org/tlog-proof@v2\nindex 5\n"),
            ("leading zero in index", "c2sp.org/tlog-proof@v1\nindex 05\n"),
            ("index without value", "c2sp.org/tlog-proof@v1\nindex \n"),
            ("extra after index", "c2sp.org/tlog-proof@v1\nindex 5\nextra QEFCQw==\n"),
            ("non-canonical extra", "c2sp.org/tlog-proof@v1\nextra QEFCQx==\nindex 5\n"),
            ("hash of 31 bytes", "c2sp.org/tlog-proof@v1\nindex 5\nvBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnA==\n"),
        ])
    func rejectsMalformedHead(description: String, head: String) {
        #expect(throws: TlogProofError.self, "\(description)") { try TlogProof(parsing: head + "\n" + checkpointNote) }
    }

    @Test("the well-formed head used by the malformed cases parses")
    func wellFormedHeadParses() throws {
        let proof = try TlogProof(parsing: "c2sp.org/tlog-proof@v1\nextra QEFCQw==\nindex 5\n\n" + checkpointNote)
        #expect(proof.hashes.isEmpty)
        #expect(proof.extra == leaf)
    }

    @Test("truncated or malformed checkpoint parts are rejected")
    func rejectsMalformedCheckpoint() {
        let withoutBlank = vector.text.replacingOccurrences(of: "=\n\nexample.org", with: "=\nexample.org")
        #expect(throws: TlogProofError.self) { try TlogProof(parsing: withoutBlank) }
        let noNote = "c2sp.org/tlog-proof@v1\nindex 5\n\n"
        #expect(throws: NoteFormatError.self) { try TlogProof(parsing: noNote) }
        let headerOnly = "c2sp.org/tlog-proof@v1\n"
        #expect(throws: TlogProofError.self) { try TlogProof(parsing: headerOnly) }
        let notACheckpoint = "c2sp.org/tlog-proof@v1\nindex 5\n\nhello\n\n— k AAAAAAE=\n"
        #expect(throws: TlogProofError.self) { try TlogProof(parsing: notACheckpoint) }
    }
}
