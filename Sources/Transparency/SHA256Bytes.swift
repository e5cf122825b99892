internal import CLibCrypto

/// SHA-256 of bytes in place, for the loops that hash millions of small inputs (leaves, interior nodes, row
/// payloads): the hashing context lives on the stack, so a hash allocates nothing. Same function as swift-crypto's
/// `SHA256`, which the rest of the code uses (a test holds the two to the same digests).
public enum SHA256Bytes {
    /// SHA-256(data) into the 32 bytes at `out`.
    public static func hash(_ data: UnsafeRawBufferPointer, into out: UnsafeMutableRawPointer) {
        evidence_ledger_sha256(data.baseAddress, data.count, out.assumingMemoryBound(to: UInt8.self))
    }

    /// SHA-256(prefix ‖ data) into the 32 bytes at `out` (an RFC 9162 leaf hash when the prefix is 0x00).
    public static func hash(prefix: UInt8, _ data: UnsafeRawBufferPointer, into out: UnsafeMutableRawPointer) {
        evidence_ledger_sha256_prefixed(prefix, data.baseAddress, data.count, out.assumingMemoryBound(to: UInt8.self))
    }

    /// SHA-256(0x01 ‖ left ‖ right) into the 32 bytes at `out`, where each side is 32 bytes (an RFC 9162 node).
    /// `out` may be `left` or `right`.
    public static func node(left: UnsafeRawPointer, right: UnsafeRawPointer, into out: UnsafeMutableRawPointer) {
        evidence_ledger_sha256_node(left, right, out.assumingMemoryBound(to: UInt8.self))
    }
}
