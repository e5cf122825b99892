// The small error types thrown by this module. Each carries a message meant for a person reading a log or a
// verification report; `description` is that message.

/// Invalid input to a Merkle tree computation: a hash of the wrong length, an index outside the tree, or sizes
/// that cannot describe a proof.
public struct MerkleTreeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong with the input.
    public let message: String

    /// Creates the error with its message.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}

/// An inclusion or consistency proof that does not prove what it claims.
public struct ProofVerificationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why the proof was rejected.
    public let message: String

    /// Creates the error with its message.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}

/// Text that is not a well-formed signed note, signature line, or note key string.
public struct NoteFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is malformed.
    public let message: String

    /// Creates the error with its message.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}

/// A signed note whose signatures do not satisfy the verifier (C2SP signed-note verification rules).
public struct NoteVerificationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why the note was rejected.
    public enum Reason: Sendable, Equatable {
        /// A signature from a known (name, key ID) failed to verify; the whole note is rejected.
        case badSignatureFromKnownKey
        /// No signature on the note comes from a known key.
        case noSignatureFromKnownKey
    }

    /// The rule that rejected the note.
    public let reason: Reason
    /// A description naming the key involved.
    public let message: String

    /// Creates the error with its reason and message.
    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

/// A checkpoint body that is malformed, or a checkpoint that is not the one the verifier expects.
public struct CheckpointError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the checkpoint.
    public let message: String

    /// Creates the error with its message.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}

/// Text that is not a well-formed `c2sp.org/tlog-proof@v1` proof, or a proof that lacks what verification needs.
public struct TlogProofError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the proof.
    public let message: String

    /// Creates the error with its message.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
