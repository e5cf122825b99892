/// A C2SP tlog-checkpoint: the note text naming a log (origin), its tree size and its root hash.
///
/// ```
/// <origin>\n
/// <tree size, decimal, no leading zeros>\n
/// <standard base64 of the 32-byte root hash>\n
/// [<extension line>\n ...]        (optional, non-empty, not recommended)
/// ```
/// A checkpoint is only meaningful once its signed note has been verified against a pinned key; use
/// ``init(verifying:pinnedKey:expectedOrigin:)`` for that, which also fixes size and root together.
public struct Checkpoint: Sendable, Equatable {
    /// The log's unique identity, e.g. `example.org/evidence-ledger/v1`.
    public let origin: String
    /// The number of leaves in the tree.
    public let size: UInt64
    /// The 32-byte RFC 9162 root hash of the tree.
    public let root: [UInt8]
    /// Opaque extension lines after the root, if any.
    public let extensionLines: [String]

    /// Creates a checkpoint; throws ``CheckpointError`` if a field could not be written as a valid body.
    ///
    /// The origin and extension lines must be non-empty single lines without control characters; the root must be
    /// 32 bytes.
    public init(origin: String, size: UInt64, root: [UInt8], extensionLines: [String] = []) throws {
        for (what, line) in [("origin", origin)] + extensionLines.map({ ("extension line", $0) }) {
            guard !line.isEmpty, !line.contains("\n"), !CanonicalText.containsForbiddenControl(line) else {
                throw CheckpointError("the \(what) must be a non-empty line without control characters")
            }
        }
        guard root.count == MerkleTree.hashSize else {
            throw CheckpointError("the root hash is \(root.count) bytes, expected \(MerkleTree.hashSize)")
        }
        self.origin = origin
        self.size = size
        self.root = root
        self.extensionLines = extensionLines
    }

    /// Parses a checkpoint body (the note text). Throws ``CheckpointError`` describing the first problem found.
    public init(parsing body: String) throws {
        guard body.hasSuffix("\n") else {
            throw CheckpointError("a checkpoint body ends in a newline")
        }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()  // the empty string after the final newline
        guard lines.count >= 3 else {
            throw CheckpointError("a checkpoint body has at least three lines: origin, size and root hash")
        }
        guard !lines.contains(where: \.isEmpty) else {
            throw CheckpointError("a checkpoint body must not contain empty lines")
        }
        guard let size = CanonicalText.decodeDecimal(lines[1]) else {
            throw CheckpointError("the tree size \"\(lines[1])\" is not a decimal without leading zeros")
        }
        guard let root = CanonicalText.decodeBase64(lines[2]), root.count == MerkleTree.hashSize else {
            throw CheckpointError("the root hash \"\(lines[2])\" is not canonical base64 of 32 bytes")
        }
        try self.init(
            origin: String(lines[0]), size: size, root: root, extensionLines: lines.dropFirst(3).map(String.init))
    }

    /// Verifies a checkpoint note against the pinned log key and origin, then parses its body.
    ///
    /// The signature is checked before the text is read. Throws ``NoteVerificationError`` if the pinned key did not
    /// sign the note (or a signature claiming to be from it fails), ``CheckpointError`` if the body is malformed or
    /// its origin is not `expectedOrigin`.
    public init(verifying note: SignedNote, pinnedKey: NoteVerifier, expectedOrigin: String) throws {
        try note.verify(knownKeys: [pinnedKey])
        try self.init(parsing: note.text)
        guard origin == expectedOrigin else {
            throw CheckpointError("the checkpoint is for origin \"\(origin)\", expected \"\(expectedOrigin)\"")
        }
    }

    /// The note text of this checkpoint.
    public var body: String {
        ([origin, String(size), CanonicalText.base64(root)] + extensionLines).map { $0 + "\n" }.joined()
    }
}
