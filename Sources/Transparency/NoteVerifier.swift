import Crypto

/// A trusted Ed25519 note key: the name, key ID and public key a signed-note verifier checks signatures against.
///
/// Its string form is the C2SP verifier key `<name>+<key ID as 8 hex digits>+<base64(0x01 ‖ 32-byte public key)>`.
/// The key ID is the first 4 bytes, big-endian, of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key); parsing recomputes it
/// and rejects a key string whose ID does not match. Only signature type 0x01 (Ed25519) is supported.
public struct NoteVerifier: Sendable, Hashable {
    /// The signature type byte for Ed25519 in the C2SP signed-note registry.
    static let ed25519SignatureType: UInt8 = 0x01

    /// The key name, e.g. the log's origin.
    public let name: String
    /// The 32-bit key ID that signature lines carry in their first 4 bytes.
    public let keyID: UInt32
    /// The 32-byte Ed25519 public key.
    public let publicKey: [UInt8]

    /// Creates the verifier for an Ed25519 public key under `name`, computing its key ID.
    ///
    /// Throws ``NoteFormatError`` if the name is not a valid key name or the key is not 32 bytes.
    public init(name: String, publicKey: [UInt8]) throws {
        guard CanonicalText.isValidKeyName(name) else {
            throw NoteFormatError("key name \"\(name)\" is empty or contains spaces, \"+\" or control characters")
        }
        guard publicKey.count == 32, (try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey)) != nil else {
            throw NoteFormatError("an Ed25519 public key is 32 bytes, got \(publicKey.count)")
        }
        self.name = name
        self.publicKey = publicKey
        self.keyID = Self.keyID(name: name, publicKey: publicKey)
    }

    /// Parses a verifier key string `<name>+<8 lowercase hex digits>+<base64(0x01 ‖ public key)>`.
    ///
    /// Throws ``NoteFormatError`` if a part is malformed, the type byte is not 0x01, or the key ID in the string is
    /// not the one computed from the name and key.
    public init(parsing keyString: String) throws {
        // Names never contain "+", but standard base64 may: only the first two separate.
        let parts = keyString.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw NoteFormatError("a verifier key has the form <name>+<key ID hex>+<base64 key>")
        }
        let hex = parts[1]
        guard hex.utf8.count == 8, hex.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }),
            let claimedID = UInt32(hex, radix: 16)
        else {
            throw NoteFormatError("the key ID in a verifier key is 8 lowercase hex digits, got \"\(hex)\"")
        }
        guard let keyBytes = CanonicalText.decodeBase64(parts[2]) else {
            throw NoteFormatError("the key in a verifier key is not canonical base64")
        }
        guard keyBytes.first == Self.ed25519SignatureType else {
            throw NoteFormatError("unsupported signature type in verifier key (only 0x01, Ed25519, is supported)")
        }
        try self.init(name: String(parts[0]), publicKey: Array(keyBytes.dropFirst()))
        guard keyID == claimedID else {
            throw NoteFormatError(
                "verifier key ID \(hex) does not match the name and key (expected \(CanonicalText.keyIDHex(keyID)))")
        }
    }

    /// The C2SP verifier key string `<name>+<key ID hex>+<base64(0x01 ‖ public key)>`.
    public var keyString: String {
        "\(name)+\(CanonicalText.keyIDHex(keyID))+\(CanonicalText.base64([Self.ed25519SignatureType] + publicKey))"
    }

    /// True if `signature` is a valid Ed25519 signature of `message` by this key.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard signature.count == 64, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else {
            return false
        }
        return key.isValidSignature(signature, for: message)
    }

    /// The key ID: SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), first 4 bytes as a big-endian UInt32.
    static func keyID(name: String, publicKey: [UInt8]) -> UInt32 {
        let digest = Array(SHA256.hash(data: Array(name.utf8) + [0x0A, ed25519SignatureType] + publicKey))
        return digest.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }
}
