/// A C2SP signed note: a text followed by a blank line and one or more signature lines.
///
/// ```
/// <text, one or more lines, each ending in \n>
/// <blank line>
/// — <key name> <base64(4-byte key ID ‖ signature)>\n      (one per signature; the dash is U+2014)
/// ```
/// The signed message is ``text``, including its final newline and excluding the blank line. Parsing is strict:
/// no ASCII control characters other than newline, at least one and at most ``maxSignatures`` signature lines,
/// valid key names, canonical base64, so that ``formatted`` reproduces a parsed note byte for byte.
/// The text must be ignored until ``verify(knownKeys:)`` has succeeded.
public struct SignedNote: Sendable, Equatable {
    /// One signature line: the key name, the key ID and the signature bytes (without the key ID).
    public struct Signature: Sendable, Equatable {
        /// The name of the key that signed.
        public let keyName: String
        /// The key ID carried in the first 4 bytes (big-endian) of the base64 payload.
        public let keyID: UInt32
        /// The signature bytes that follow the key ID (64 bytes for Ed25519; unknown algorithms may differ).
        public let bytes: [UInt8]

        /// Creates a signature; throws ``NoteFormatError`` for an invalid key name or empty signature bytes.
        public init(keyName: String, keyID: UInt32, bytes: [UInt8]) throws {
            guard CanonicalText.isValidKeyName(keyName) else {
                throw NoteFormatError(
                    "key name \"\(keyName)\" is empty or contains spaces, \"+\" or control characters")
            }
            guard !bytes.isEmpty else {
                throw NoteFormatError("signature by \(keyName) is empty")
            }
            self.keyName = keyName
            self.keyID = keyID
            self.bytes = bytes
        }

        /// The signature line `— <name> <base64(key ID ‖ bytes)>\n`.
        public var line: String {
            let idBytes = (0..<4).map { UInt8(truncatingIfNeeded: keyID >> (24 - 8 * $0)) }
            return "\(SignedNote.signaturePrefix)\(keyName) \(CanonicalText.base64(idBytes + bytes))\n"
        }
    }

    /// The most signature lines a parsed note may carry (the specification requires accepting at least 16).
    public static let maxSignatures = 100

    /// The start of every signature line: em dash (U+2014) and a space.
    static let signaturePrefix = "\u{2014} "

    /// The signed text, ending in a newline.
    public let text: String
    /// The signatures, in the order they appear.
    public let signatures: [Signature]

    /// Creates a note from its text and signatures.
    ///
    /// Throws ``NoteFormatError`` if the text is empty, does not end in a newline, or contains an ASCII control
    /// character other than newline, or if there are no signatures or more than ``maxSignatures``.
    public init(text: String, signatures: [Signature]) throws {
        try Self.checkText(text)
        guard !signatures.isEmpty else {
            throw NoteFormatError("a signed note needs at least one signature")
        }
        guard signatures.count <= Self.maxSignatures else {
            throw NoteFormatError("a note may carry at most \(Self.maxSignatures) signatures")
        }
        self.text = text
        self.signatures = signatures
    }

    /// Parses a signed note; the text is everything up to and including the newline before the last blank line.
    ///
    /// The specification requires valid UTF-8: when reading bytes, decode them strictly (for example
    /// `String(data:encoding:)`), not with a decoder that repairs invalid sequences. Throws ``NoteFormatError``
    /// describing the first problem found.
    public init(parsing note: String) throws {
        let bytes = Array(note.utf8)
        guard !CanonicalText.containsForbiddenControl(note) else {
            throw NoteFormatError("a signed note must not contain control characters other than newline")
        }
        // The text ends at the last "\n\n": its first newline ends the text, the second is the blank line.
        guard let split = bytes.indices.dropLast().last(where: { bytes[$0] == 0x0A && bytes[$0 + 1] == 0x0A }) else {
            throw NoteFormatError("no blank line separates the text from the signatures")
        }
        let text = String(decoding: bytes[...split], as: UTF8.self)
        let signatureBlock = String(decoding: bytes[(split + 2)...], as: UTF8.self)
        guard !signatureBlock.isEmpty else {
            throw NoteFormatError("a signed note needs at least one signature line")
        }
        guard signatureBlock.hasSuffix("\n") else {
            throw NoteFormatError("the last signature line does not end in a newline")
        }
        var lines = signatureBlock.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()  // the empty string after the final newline
        guard lines.count <= Self.maxSignatures else {
            throw NoteFormatError("a note may carry at most \(Self.maxSignatures) signatures")
        }
        let signatures = try lines.map(Self.parseSignatureLine)
        try self.init(text: text, signatures: signatures)
    }

    /// The note as text: ``text``, a blank line, then one line per signature.
    public var formatted: String {
        text + "\n" + signatures.map(\.line).joined()
    }

    /// Verifies the note against the keys the caller trusts and returns the keys whose signatures verified.
    ///
    /// Follows the C2SP rules: signatures whose (name, key ID) matches no known key are ignored; if a signature from
    /// a known key fails, the whole note is rejected (``NoteVerificationError/Reason/badSignatureFromKnownKey``); if
    /// no known key signed, it is rejected too (``NoteVerificationError/Reason/noSignatureFromKnownKey``).
    @discardableResult
    public func verify(knownKeys: [NoteVerifier]) throws -> [NoteVerifier] {
        let message = Array(text.utf8)
        var verified: [NoteVerifier] = []
        for signature in signatures {
            for key in knownKeys where key.name == signature.keyName && key.keyID == signature.keyID {
                guard key.isValidSignature(signature.bytes, for: message) else {
                    throw NoteVerificationError(
                        .badSignatureFromKnownKey,
                        "the signature by known key \(key.name)+\(CanonicalText.keyIDHex(key.keyID)) does not verify")
                }
                if !verified.contains(key) {
                    verified.append(key)
                }
            }
        }
        guard !verified.isEmpty else {
            let names = knownKeys.map { "\($0.name)+\(CanonicalText.keyIDHex($0.keyID))" }.joined(separator: ", ")
            throw NoteVerificationError(.noSignatureFromKnownKey, "the note is not signed by any known key (\(names))")
        }
        return verified
    }

    /// Throws unless `text` can be the text of a signed note.
    static func checkText(_ text: String) throws {
        guard !text.isEmpty, text.hasSuffix("\n") else {
            throw NoteFormatError("the note text must be non-empty and end in a newline")
        }
        guard !CanonicalText.containsForbiddenControl(text) else {
            throw NoteFormatError("the note text must not contain control characters other than newline")
        }
    }

    /// Parses one signature line without its newline: `— <name> <base64(key ID ‖ signature)>`.
    static func parseSignatureLine(_ line: Substring) throws -> Signature {
        guard line.hasPrefix(signaturePrefix) else {
            throw NoteFormatError("a signature line must start with an em dash and a space")
        }
        let rest = line.dropFirst(signaturePrefix.count)
        guard let space = rest.firstIndex(of: " ") else {
            throw NoteFormatError("a signature line needs a key name, a space and a base64 signature")
        }
        let name = rest[..<space]
        guard let payload = CanonicalText.decodeBase64(rest[rest.index(after: space)...]) else {
            throw NoteFormatError("the signature by \(name) is not canonical base64")
        }
        guard payload.count > 4 else {
            throw NoteFormatError("the signature by \(name) is too short to hold a key ID and a signature")
        }
        let keyID = payload.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return try Signature(keyName: String(name), keyID: keyID, bytes: Array(payload.dropFirst(4)))
    }
}
