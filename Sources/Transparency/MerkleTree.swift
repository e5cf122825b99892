import Crypto

/// RFC 9162 §2.1 Merkle tree hashing with SHA-256: leaf, node and root hashes.
///
/// Every hash in this module is a 32-byte `[UInt8]`. Functions that take hashes computed elsewhere check their
/// length and throw ``MerkleTreeError`` rather than silently hashing something that is not a tree node.
/// Proofs are made by ``InclusionProof/generate(index:leafHashes:)`` and
/// ``ConsistencyProof/generate(oldSize:leafHashes:)``; appending without keeping every leaf is done with
/// ``MerkleTreeFrontier``.
public enum MerkleTree {
    /// The length in bytes of every hash in the tree (SHA-256).
    public static let hashSize = 32

    /// The root hash of the empty tree: SHA-256 of the empty string.
    public static let emptyRootHash: [UInt8] = Array(SHA256.hash(data: [UInt8]()))

    /// The hash of one leaf: SHA-256(0x00 ‖ leaf bytes).
    ///
    /// The leaf bytes are whatever the application logs; the 0x00 prefix keeps a leaf from ever being mistaken for an
    /// interior node.
    public static func leafHash(_ leaf: some Sequence<UInt8>) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: Array(leaf))
        return Array(hasher.finalize())
    }

    /// ``leafHash(_:)`` of bytes read in place (a row as the database client received it), without copying them.
    public static func leafHash(_ leaf: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: hashSize) { out, count in
            SHA256Bytes.hash(prefix: 0x00, leaf, into: out.baseAddress!)
            count = hashSize
        }
    }

    /// The hash of an interior node: SHA-256(0x01 ‖ left ‖ right).
    ///
    /// The inputs are not length-checked here (the RFC's hasher unit vector uses 4-byte inputs); callers inside this
    /// module check lengths before they get here.
    public static func nodeHash(left: [UInt8], right: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        withUnsafeBytes(of: UInt8(0x01)) { hasher.update(bufferPointer: $0) }
        left.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        right.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return hasher.finalize().withUnsafeBytes { Array($0) }
    }

    /// The root hash of the tree whose leaves have these hashes, in order (RFC 9162 §2.1.1).
    ///
    /// Runs in O(n) time and O(log n) memory by appending to a ``MerkleTreeFrontier``. An empty sequence gives
    /// ``emptyRootHash``. Throws if a leaf hash is not ``hashSize`` bytes.
    public static func rootHash(leafHashes: some Sequence<[UInt8]>) throws -> [UInt8] {
        var frontier = MerkleTreeFrontier()
        for leafHash in leafHashes {
            try frontier.append(leafHash: leafHash)
        }
        return frontier.rootHash
    }

    /// The largest power of two strictly smaller than `n` (the RFC's split point k); `n` must be at least 2.
    static func splitPoint(_ n: UInt64) -> UInt64 {
        precondition(n >= 2, "split point needs at least two leaves")
        return UInt64(1) << (63 - (n - 1).leadingZeroBitCount)
    }

    /// Root hash of `leafHashes[range]`, which must be non-empty and already length-checked.
    static func subtreeRoot(_ leafHashes: [[UInt8]], _ range: Range<Int>) -> [UInt8] {
        var frontier = MerkleTreeFrontier()
        for i in range {
            frontier.appendUnchecked(leafHashes[i])
        }
        return frontier.rootHash
    }

    /// Throws unless every hash is exactly ``hashSize`` bytes; `what` names the hashes in the message.
    static func checkHashLengths(_ hashes: some Sequence<[UInt8]>, what: String) throws {
        for (i, hash) in hashes.enumerated() where hash.count != hashSize {
            throw MerkleTreeError("\(what) \(i) is \(hash.count) bytes, expected \(hashSize)")
        }
    }
}
