/// A `c2sp.org/tlog-proof@v1` proof that one entry is in a log: index, inclusion proof and the signed checkpoint.
///
/// ```
/// c2sp.org/tlog-proof@v1\n
/// extra <base64>\n                  (optional; in this ledger: the leaf bytes)
/// index <decimal>\n
/// <base64 hash>\n                   (inclusion proof, leaf side first; zero or more lines)
/// \n
/// <checkpoint signed note, verbatim>
/// ```
/// The extra data is not authenticated by itself; it is trusted only through the leaf hash that the inclusion proof
/// ties to the signed root.
public struct TlogProof: Sendable, Equatable {
    /// The first line of every proof.
    public static let header = "c2sp.org/tlog-proof@v1"

    /// Opaque application data from the `extra` line, or nil when the line is absent.
    public let extra: [UInt8]?
    /// The zero-based index of the entry.
    public let index: UInt64
    /// The inclusion proof hashes, leaf side first.
    public let hashes: [[UInt8]]
    /// The log's checkpoint as a signed note (possibly with witness cosignatures).
    public let checkpoint: SignedNote

    /// Creates a proof; throws ``TlogProofError`` if a hash is not 32 bytes or the note text is not a checkpoint.
    public init(extra: [UInt8]?, index: UInt64, hashes: [[UInt8]], checkpoint: SignedNote) throws {
        for (i, hash) in hashes.enumerated() where hash.count != MerkleTree.hashSize {
            throw TlogProofError("proof hash \(i) is \(hash.count) bytes, expected \(MerkleTree.hashSize)")
        }
        do {
            _ = try Checkpoint(parsing: checkpoint.text)
        } catch let error as CheckpointError {
            throw TlogProofError("the note is not a checkpoint: \(error.message)")
        }
        self.extra = extra
        self.index = index
        self.hashes = hashes
        self.checkpoint = checkpoint
    }

    /// Parses a proof strictly. Throws ``TlogProofError``, or ``NoteFormatError`` for a malformed checkpoint note.
    public init(parsing proof: String) throws {
        var rest = Substring(proof)

        /// Removes and returns the next line without its newline, or nil if no newline is left.
        func nextLine() -> Substring? {
            guard let newline = rest.firstIndex(of: "\n") else { return nil }
            let line = rest[..<newline]
            rest = rest[rest.index(after: newline)...]
            return line
        }

        guard nextLine() == Substring(Self.header) else {
            throw TlogProofError("the first line must be \(Self.header)")
        }
        guard var line = nextLine() else {
            throw TlogProofError("the proof ends after its header")
        }
        var extra: [UInt8]?
        if line.hasPrefix("extra ") {
            guard let bytes = CanonicalText.decodeBase64(line.dropFirst("extra ".count)) else {
                throw TlogProofError("the extra data is not canonical base64")
            }
            extra = bytes
            guard let next = nextLine() else {
                throw TlogProofError("the proof ends after its extra line")
            }
            line = next
        }
        guard line.hasPrefix("index "), let index = CanonicalText.decodeDecimal(line.dropFirst("index ".count)) else {
            throw TlogProofError("expected \"index <decimal without leading zeros>\", got \"\(line)\"")
        }
        var hashes: [[UInt8]] = []
        while true {
            guard let hashLine = nextLine() else {
                throw TlogProofError("the proof hashes are not followed by an empty line and a checkpoint")
            }
            if hashLine.isEmpty { break }
            guard let hash = CanonicalText.decodeBase64(hashLine), hash.count == MerkleTree.hashSize else {
                throw TlogProofError("proof line \"\(hashLine)\" is not canonical base64 of a 32-byte hash")
            }
            hashes.append(hash)
        }
        try self.init(extra: extra, index: index, hashes: hashes, checkpoint: SignedNote(parsing: String(rest)))
    }

    /// The proof as text; for a parsed proof this is the input, byte for byte.
    public var formatted: String {
        var lines = [Self.header]
        if let extra {
            lines.append("extra \(CanonicalText.base64(extra))")
        }
        lines.append("index \(index)")
        lines += hashes.map(CanonicalText.base64)
        return lines.map { $0 + "\n" }.joined() + "\n" + checkpoint.formatted
    }

    /// Verifies the proof with the leaf bytes taken from the `extra` line and returns the verified checkpoint.
    ///
    /// Throws ``TlogProofError`` if there is no `extra` line; otherwise as ``verify(leafHash:pinnedKey:expectedOrigin:)``
    /// with the leaf hash SHA-256(0x00 ‖ extra).
    @discardableResult
    public func verify(pinnedKey: NoteVerifier, expectedOrigin: String) throws -> Checkpoint {
        guard let extra else {
            throw TlogProofError("the proof has no extra line, so it does not carry the leaf bytes")
        }
        return try verify(leafHash: MerkleTree.leafHash(extra), pinnedKey: pinnedKey, expectedOrigin: expectedOrigin)
    }

    /// Verifies that `leafHash` is entry ``index`` of the log whose checkpoint is signed by `pinnedKey`.
    ///
    /// First the checkpoint note must verify with `pinnedKey` and name `expectedOrigin`
    /// (``Checkpoint/init(verifying:pinnedKey:expectedOrigin:)``), then the inclusion proof must verify against that
    /// checkpoint's size and root. Returns the verified checkpoint, e.g. to check consistency with one seen earlier.
    /// Throws ``NoteVerificationError``, ``CheckpointError`` or ``ProofVerificationError``.
    @discardableResult
    public func verify(leafHash: [UInt8], pinnedKey: NoteVerifier, expectedOrigin: String) throws -> Checkpoint {
        let verified = try Checkpoint(verifying: checkpoint, pinnedKey: pinnedKey, expectedOrigin: expectedOrigin)
        try InclusionProof(index: index, size: verified.size, hashes: hashes).verify(
            leafHash: leafHash, root: verified.root)
        return verified
    }
}
