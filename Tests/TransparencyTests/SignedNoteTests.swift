import Testing
import Transparency

@Suite("Signed notes and note keys")
struct SignedNoteTests {
    static let vectors = TestVectors.shared.signed_note_vectors

    var testKey: TestVectors.SignedNoteVectors.TestKey { Self.vectors.ledger_test_key }

    @Test("C2SP example: key string, parse, verify, format round trip")
    func c2spExample() throws {
        let example = Self.vectors.c2sp_example
        let key = try NoteVerifier(parsing: example.vkey)
        #expect(key.name == "example.com/foo")
        #expect(key.keyID == 0x530d_903a)
        #expect(key.keyString == example.vkey)

        let note = try SignedNote(parsing: example.note)
        #expect(note.text == example.signed_text)
        #expect(note.signatures.count == 1)
        #expect(note.signatures[0].keyName == "example.com/foo")
        #expect(note.signatures[0].keyID == key.keyID)
        #expect(note.signatures[0].bytes.count == 64)
        #expect(note.formatted == example.note)
        #expect(try note.verify(knownKeys: [key]) == [key])

        // The same signature over a changed text fails for the known key.
        let altered = try SignedNote(
            parsing: example.note.replacingOccurrences(of: "example message", with: "example massage"))
        let error = #expect(throws: NoteVerificationError.self) { try altered.verify(knownKeys: [key]) }
        #expect(error?.reason == .badSignatureFromKnownKey)
    }

    @Test("ledger test key: signer from seed gives the public key, key ID and verifier key of the vector")
    func ledgerTestKey() throws {
        let signer = try NoteSigner(name: testKey.key_name, seed: bytes(hex: testKey.ed25519_seed_hex))
        #expect(signer.verifier.publicKey == bytes(hex: testKey.public_key_hex))
        #expect(String(signer.verifier.keyID, radix: 16) == testKey.key_id_hex)
        #expect(signer.verifier.keyString == testKey.vkey)
        #expect(try NoteVerifier(parsing: testKey.vkey) == signer.verifier)
        #expect(!signer.description.contains(testKey.ed25519_seed_hex))
        #expect(!"\(signer)".contains(testKey.ed25519_seed_hex.prefix(8)))
    }

    @Test(
        "signing is RFC 8032 deterministic: the checkpoint notes are reproduced byte for byte",
        .enabled(if: ed25519SigningIsDeterministic, "CryptoKit on Apple platforms randomizes Ed25519 signatures"))
    func deterministicSigning() throws {
        let signer = try NoteSigner(name: testKey.key_name, seed: bytes(hex: testKey.ed25519_seed_hex))
        for vector in [Self.vectors.checkpoint_size_7, Self.vectors.checkpoint_size_8] {
            #expect(try signer.sign(text: vector.body).formatted == vector.signed_note)
        }
    }

    @Test("signatures made here verify on every platform; cosigning adds a second signature")
    func signAndVerify() throws {
        let signer = try NoteSigner(name: testKey.key_name, seed: bytes(hex: testKey.ed25519_seed_hex))
        let witness = try NoteSigner(name: "witness.example/w1", seed: [UInt8](repeating: 7, count: 32))
        let note = try signer.sign(text: "hello\n\nworld\n")
        #expect(try note.verify(knownKeys: [signer.verifier]) == [signer.verifier])
        let cosigned = try SignedNote(
            text: note.text, signatures: note.signatures + [witness.signature(for: note.text)])
        let reparsed = try SignedNote(parsing: cosigned.formatted)
        #expect(reparsed == cosigned)
        #expect(reparsed.text == "hello\n\nworld\n")
        #expect(
            try reparsed.verify(knownKeys: [witness.verifier, signer.verifier]) == [signer.verifier, witness.verifier])
        #expect(try reparsed.verify(knownKeys: [witness.verifier]) == [witness.verifier])
        let error = #expect(throws: NoteVerificationError.self) {
            try reparsed.verify(knownKeys: [NoteVerifier(name: "other.example", publicKey: signer.verifier.publicKey)])
        }
        #expect(error?.reason == .noSignatureFromKnownKey)
        #expect(throws: NoteFormatError.self) { try signer.sign(text: "no final newline") }
        #expect(throws: NoteFormatError.self) { try signer.sign(text: "") }
        #expect(throws: NoteFormatError.self) { try signer.sign(text: "tab\there\n") }
    }

    @Test("negative notes from the vectors give the expected outcome", arguments: vectors.negative_notes)
    func negativeNote(_ vector: TestVectors.SignedNoteVectors.NegativeNote) throws {
        let key = try NoteVerifier(parsing: testKey.vkey)
        let note = try SignedNote(parsing: vector.note)
        #expect(note.formatted == vector.note)
        switch vector.expect {
        case "ok":
            #expect(try note.verify(knownKeys: [key]) == [key])
        case "bad-signature-from-known-key":
            let error = #expect(throws: NoteVerificationError.self) { try note.verify(knownKeys: [key]) }
            #expect(error?.reason == .badSignatureFromKnownKey)
        case "no-valid-signature-from-known-key":
            let error = #expect(throws: NoteVerificationError.self) { try note.verify(knownKeys: [key]) }
            #expect(error?.reason == .noSignatureFromKnownKey)
        default:
            Issue.record("unknown expectation \(vector.expect)")
        }
    }

    @Test("negative notes: six cases, including one that must be accepted")
    func negativeNoteInventory() {
        #expect(Self.vectors.negative_notes.count == 6)
        #expect(Self.vectors.negative_notes.map(\.expect).filter { $0 == "ok" }.count == 1)
    }

    @Test(
        "strict parsing rejects malformed notes",
        arguments: [
            ("no blank line", "text\n— k AAAAAAE=\n"),
            ("no signature lines", "text\n\n"),
            ("blank line only at end", "text\n\n\n"),
            ("missing final newline", "text\n\n— k AAAAAAE="),
            ("hyphen instead of em dash", "text\n\n- k AAAAAAE=\n"),
            ("em dash without space", "text\n\n—k AAAAAAE=\n"),
            ("no space before signature", "text\n\n— kAAAAAAE=\n"),
            ("empty key name", "text\n\n—  AAAAAAE=\n"),
            ("plus in key name", "text\n\n— a+b AAAAAAE=\n"),
            ("extra field", "text\n\n— k AAAAAAE= x\n"),
            ("signature of only a key ID", "text\n\n— k AAAAAA==\n"),
            ("non-canonical base64 (unused bits set)", "text\n\n— k AAAAAAF=\n"),
            ("unpadded base64", "text\n\n— k AAAAAAE\n"),
            ("URL-safe base64", "text\n\n— k AAAA_-E=\n"),
            ("carriage return", "text\r\n\n— k AAAAAAE=\n"),
            ("tab in text", "te\txt\n\n— k AAAAAAE=\n"),
            ("garbage after the signatures", "text\n\n— k AAAAAAE=\ngarbage\n"),
        ])
    func rejectsMalformed(description: String, note: String) {
        #expect(throws: NoteFormatError.self, "\(description)") { try SignedNote(parsing: note) }
    }

    @Test("the minimal well-formed note used by the malformed cases parses")
    func minimalNoteParses() throws {
        let note = try SignedNote(parsing: "text\n\n— k AAAAAAE=\n")
        #expect(note.signatures == [try .init(keyName: "k", keyID: 0, bytes: [1])])
    }

    @Test("signature count limit: 100 accepted, 101 rejected")
    func signatureLimit() throws {
        let line = "— k AAAAAAE=\n"
        #expect(try SignedNote(parsing: "text\n\n" + String(repeating: line, count: 100)).signatures.count == 100)
        #expect(throws: NoteFormatError.self) {
            try SignedNote(parsing: "text\n\n" + String(repeating: line, count: 101))
        }
    }

    @Test("verifier key strings: malformed ones are rejected")
    func verifierKeyRejects() {
        let good = "example.org/evidence-ledger/v1+51e9e7c9+AfDwZl1xsKn9K0imurlrcJfjqTT4KaJz4Cj9EtXwQCiD"
        #expect(throws: Never.self) { try NoteVerifier(parsing: good) }
        let bad = [
            "example.org/evidence-ledger/v1+51e9e7c8+AfDwZl1xsKn9K0imurlrcJfjqTT4KaJz4Cj9EtXwQCiD",  // wrong key ID
            "example.org/evidence-ledger/v2+51e9e7c9+AfDwZl1xsKn9K0imurlrcJfjqTT4KaJz4Cj9EtXwQCiD",  // other name
            "example.org/evidence-ledger/v1+51E9E7C9+AfDwZl1xsKn9K0imurlrcJfjqTT4KaJz4Cj9EtXwQCiD",  // uppercase hex
            "example.org/evidence-ledger/v1+51e9e7c+AfDwZl1xsKn9K0imurlrcJfjqTT4KaJz4Cj9EtXwQCiD",  // 7 hex digits
            "example.org/evidence-ledger/v1+51e9e7c9+AvDwZl1xsKn9K0imurlrcJfjqTT4KaJz4Cj9EtXwQCiD",  // type 0x02
            "example.org/evidence-ledger/v1+51e9e7c9+8PBmXXGwqf0rSKa6uWtwl+OpNPgponPgKP0S1fBAKIM=",  // no type byte
            "example.org/evidence-ledger/v1+51e9e7c9",
            "example org+51e9e7c9+AfDwZl1xsKn9K0imurlrcJfjqTT4KaJz4Cj9EtXwQCiD",
        ]
        for key in bad {
            #expect(throws: NoteFormatError.self, "\(key)") { try NoteVerifier(parsing: key) }
        }
        #expect(throws: NoteFormatError.self) {
            try NoteSigner(name: "bad name", seed: [UInt8](repeating: 1, count: 32))
        }
        #expect(throws: NoteFormatError.self) { try NoteSigner(name: "ok", seed: [UInt8](repeating: 1, count: 31)) }
    }
}

@Suite("Verifier keys whose base64 holds a plus sign")
struct VerifierKeyPlusTests {
    @Test func keyStringsWithPlusInTheirBase64RoundTrip() throws {
        var checked = 0
        for seed in 0..<64 {
            let signer = try NoteSigner(name: "example.org/log", seed: Array(repeating: UInt8(seed), count: 32))
            let text = signer.verifier.keyString
            guard text.split(separator: "+").count > 3 else { continue }
            #expect(try NoteVerifier(parsing: text) == signer.verifier)
            checked += 1
        }
        #expect(checked > 0)
    }
}
