import Crypto

/// The right edge of an append-only Merkle tree: the roots of the perfect subtrees that cover leaves [0, size).
///
/// Also known as a compact range starting at 0. It holds one hash per set bit of `size` (at most 64), which is
/// enough to append leaves and compute the RFC 9162 root without the earlier leaves, so a log appender can store it
/// next to its latest checkpoint and resume from there.
///
/// The hashes lie end to end in one buffer, and appending hashes in place: a log of millions of leaves is read
/// without allocating for each leaf or node.
public struct MerkleTreeFrontier: Sendable, Equatable {
    /// The number of leaves appended so far.
    public private(set) var size: UInt64

    /// The subtree roots end to end, 32 bytes each, leftmost (largest) first.
    public private(set) var subtreeRootBytes: [UInt8]

    /// The roots of the perfect subtrees covering [0, size), leftmost (largest) first; one per set bit of `size`.
    public var subtreeRoots: [[UInt8]] {
        stride(from: 0, to: subtreeRootBytes.count, by: MerkleTree.hashSize).map {
            Array(subtreeRootBytes[$0..<($0 + MerkleTree.hashSize)])
        }
    }

    /// An empty frontier (tree size 0).
    public init() {
        size = 0
        subtreeRootBytes = []
        subtreeRootBytes.reserveCapacity(8 * MerkleTree.hashSize)
    }

    /// Restores a frontier from a stored size and subtree roots, as read back from ``size`` and ``subtreeRoots``.
    ///
    /// Throws if the number of roots is not the number of set bits in `size` or a root is not 32 bytes.
    public init(size: UInt64, subtreeRoots: [[UInt8]]) throws {
        guard subtreeRoots.count == size.nonzeroBitCount else {
            throw MerkleTreeError(
                "a frontier for size \(size) has \(size.nonzeroBitCount) subtree roots, got \(subtreeRoots.count)")
        }
        try MerkleTree.checkHashLengths(subtreeRoots, what: "subtree root")
        self.size = size
        self.subtreeRootBytes = subtreeRoots.flatMap { $0 }
    }

    /// Appends one leaf hash, merging completed subtrees; O(log n).
    ///
    /// Throws if the hash is not 32 bytes or the tree already holds 2^64 − 1 leaves.
    public mutating func append(leafHash: [UInt8]) throws {
        guard leafHash.count == MerkleTree.hashSize else {
            throw MerkleTreeError("leaf hash is \(leafHash.count) bytes, expected \(MerkleTree.hashSize)")
        }
        guard size < UInt64.max else {
            throw MerkleTreeError("the tree is full")
        }
        appendUnchecked(leafHash)
    }

    /// Appends the leaf with these bytes: the same as `append(leafHash: MerkleTree.leafHash(leaf))`, hashed in place.
    ///
    /// Throws if the tree already holds 2^64 − 1 leaves.
    public mutating func append(leaf: UnsafeRawBufferPointer) throws {
        guard size < UInt64.max else {
            throw MerkleTreeError("the tree is full")
        }
        var hash: Hash32 = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &hash) { SHA256Bytes.hash(prefix: 0x00, leaf, into: $0.baseAddress!) }
        appendHash(hash)
    }

    /// The RFC 9162 root hash of the leaves appended so far (``MerkleTree/emptyRootHash`` when empty).
    ///
    /// Subtree roots are folded from the right: root = H(r0, H(r1, … H(r(k−1), rk))).
    public var rootHash: [UInt8] {
        let roots = subtreeRoots
        guard var hash = roots.last else {
            return MerkleTree.emptyRootHash
        }
        for left in roots.dropLast().reversed() {
            hash = MerkleTree.nodeHash(left: left, right: hash)
        }
        return hash
    }

    /// Appends a leaf hash whose length the caller has already checked.
    mutating func appendUnchecked(_ leafHash: [UInt8]) {
        var hash: Hash32 = (0, 0, 0, 0)
        leafHash.withUnsafeBytes { bytes in withUnsafeMutableBytes(of: &hash) { $0.copyMemory(from: bytes) } }
        appendHash(hash)
    }

    /// 32 bytes held inline.
    typealias Hash32 = (UInt64, UInt64, UInt64, UInt64)

    /// Appends a leaf hash, hashing it with the subtree roots it completes (each the last one held) in place.
    private mutating func appendHash(_ leafHash: Hash32) {
        var hash = leafHash
        var remaining = size
        while remaining & 1 == 1 {
            // SHA-256(0x01 ‖ left ‖ right), where left is the last subtree root held.
            let end = subtreeRootBytes.count, n = MerkleTree.hashSize
            subtreeRootBytes.withUnsafeBytes { roots in
                withUnsafeMutableBytes(of: &hash) { SHA256Bytes.node(left: roots.baseAddress! + (end - n), right: $0.baseAddress!, into: $0.baseAddress!) }
            }
            subtreeRootBytes.removeLast(n)
            remaining >>= 1
        }
        withUnsafeBytes(of: &hash) { subtreeRootBytes.append(contentsOf: $0) }
        size += 1
    }
}
