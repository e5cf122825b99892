import Crypto

/// Signs note texts with an Ed25519 key held as its 32-byte RFC 8032 private key seed.
///
/// With swift-crypto's BoringSSL backend (Linux) signatures are deterministic RFC 8032 signatures, so the same seed
/// and text always give the same bytes. On Apple platforms swift-crypto uses CryptoKit, which randomizes Ed25519
/// signatures: they verify, but differ from run to run. `description` never shows the seed.
public struct NoteSigner: Sendable, CustomStringConvertible {
    /// The verifier for this signer's key (name, key ID, public key); publish its ``NoteVerifier/keyString``.
    public let verifier: NoteVerifier
    /// The 32-byte private key seed.
    private let seed: [UInt8]

    /// Creates a signer for `name` from a 32-byte Ed25519 private key seed.
    ///
    /// Throws ``NoteFormatError`` if the name is not a valid key name or the seed is not 32 bytes.
    public init(name: String, seed: [UInt8]) throws {
        guard seed.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw NoteFormatError("an Ed25519 private key seed is 32 bytes, got \(seed.count)")
        }
        self.verifier = try NoteVerifier(name: name, publicKey: Array(key.publicKey.rawRepresentation))
        self.seed = seed
    }

    /// The key name signatures are made under.
    public var name: String { verifier.name }

    /// The signer's name and key ID, without the seed.
    public var description: String { "NoteSigner(\(name)+\(CanonicalText.keyIDHex(verifier.keyID)))" }

    /// Signs `text` and returns the note carrying this single signature.
    ///
    /// Throws ``NoteFormatError`` if `text` cannot be a note text (empty, no final newline, control characters).
    public func sign(text: String) throws -> SignedNote {
        try SignedNote(text: text, signatures: [signature(for: text)])
    }

    /// Signs `text` and returns just the signature, e.g. to add a cosignature to an existing note.
    ///
    /// Throws ``NoteFormatError`` if `text` cannot be a note text, or if the signing backend fails.
    public func signature(for text: String) throws -> SignedNote.Signature {
        try SignedNote.checkText(text)
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        let bytes = try key.signature(for: Array(text.utf8))
        return try SignedNote.Signature(keyName: name, keyID: verifier.keyID, bytes: Array(bytes))
    }
}
