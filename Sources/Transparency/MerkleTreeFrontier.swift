/// The right edge of an append-only Merkle tree: the roots of the perfect subtrees that cover leaves [0, size).
///
/// Also known as a compact range starting at 0. It holds one hash per set bit of `size` (at most 64), which is
/// enough to append leaves and compute the RFC 9162 root without the earlier leaves, so a log appender can store it
/// next to its latest checkpoint and resume from there.
public struct MerkleTreeFrontier: Sendable, Equatable {
    /// The number of leaves appended so far.
    public private(set) var size: UInt64

    /// The roots of the perfect subtrees covering [0, size), leftmost (largest) first; one per set bit of `size`.
    public private(set) var subtreeRoots: [[UInt8]]

    /// An empty frontier (tree size 0).
    public init() {
        size = 0
        subtreeRoots = []
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
        self.subtreeRoots = subtreeRoots
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

    /// The RFC 9162 root hash of the leaves appended so far (``MerkleTree/emptyRootHash`` when empty).
    ///
    /// Subtree roots are folded from the right: root = H(r0, H(r1, … H(r(k−1), rk))).
    public var rootHash: [UInt8] {
        guard var hash = subtreeRoots.last else {
            return MerkleTree.emptyRootHash
        }
        for left in subtreeRoots.dropLast().reversed() {
            hash = MerkleTree.nodeHash(left: left, right: hash)
        }
        return hash
    }

    /// Appends a leaf hash whose length the caller has already checked.
    mutating func appendUnchecked(_ leafHash: [UInt8]) {
        var hash = leafHash
        var remaining = size
        while remaining & 1 == 1 {
            hash = MerkleTree.nodeHash(left: subtreeRoots.removeLast(), right: hash)
            remaining >>= 1
        }
        subtreeRoots.append(hash)
        size += 1
    }
}
