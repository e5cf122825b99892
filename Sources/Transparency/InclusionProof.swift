/// An RFC 9162 inclusion proof: the hashes that connect the leaf at `index` to the root of the tree of `size` leaves.
///
/// The proof alone does not fix the tree size: for some (index, size) pairs the same hashes also verify against the
/// same root with a larger size. Always take `size` and the root together from a verified ``Checkpoint``, never from
/// an unauthenticated field next to the proof.
public struct InclusionProof: Sendable, Equatable {
    /// The zero-based index of the leaf.
    public let index: UInt64
    /// The number of leaves in the tree the proof is for.
    public let size: UInt64
    /// The proof hashes, leaf side first (the leaf's sibling first, a child of the root last).
    public let hashes: [[UInt8]]

    /// Wraps a proof received from elsewhere; nothing is checked until ``verify(leafHash:root:)``.
    public init(index: UInt64, size: UInt64, hashes: [[UInt8]]) {
        self.index = index
        self.size = size
        self.hashes = hashes
    }

    /// Generates the proof for leaf `index` in the tree made of exactly `leafHashes` (RFC 6962 PATH).
    ///
    /// To prove against an earlier tree size, pass that prefix of the leaf hashes. O(n) hashing.
    /// Throws if `index` is not in the tree or a leaf hash is not 32 bytes.
    public static func generate(
        index: UInt64, leafHashes: some RandomAccessCollection<[UInt8]>
    ) throws -> InclusionProof {
        let leaves = Array(leafHashes)
        try MerkleTree.checkHashLengths(leaves, what: "leaf hash")
        let size = UInt64(leaves.count)
        guard index < size else {
            throw MerkleTreeError("leaf index \(index) is outside a tree of size \(size)")
        }
        // The same walk as for stored subtree hashes, each subtree hashed from the leaves here.
        return try SubtreeProofs.inclusionProof(index: index, size: size) { id in
            let start = Int(id.index) << id.level
            return MerkleTree.subtreeRoot(leaves, start..<(start + (1 << id.level)))
        }
    }

    /// Verifies that `leafHash` is the leaf at ``index`` of the tree of ``size`` leaves whose root is `root`.
    ///
    /// Implements RFC 9162 §2.1.3.2 step by step. Before that it rejects an index not below the size, a leaf hash or
    /// proof hash that is not 32 bytes, and a proof whose length is not the path length for (index, size), so that
    /// each failure has a precise message. Throws ``ProofVerificationError``; returns normally only on success.
    public func verify(leafHash: [UInt8], root: [UInt8]) throws {
        guard index < size else {
            throw ProofVerificationError("leaf index \(index) is not less than tree size \(size)")
        }
        guard leafHash.count == MerkleTree.hashSize else {
            throw ProofVerificationError("leaf hash is \(leafHash.count) bytes, expected \(MerkleTree.hashSize)")
        }
        for (i, hash) in hashes.enumerated() where hash.count != MerkleTree.hashSize {
            throw ProofVerificationError("proof hash \(i) is \(hash.count) bytes, expected \(MerkleTree.hashSize)")
        }
        let expected = Self.pathLength(index: index, size: size)
        guard hashes.count == expected else {
            throw ProofVerificationError(
                "proof has \(hashes.count) hashes; leaf \(index) of a tree of size \(size) needs \(expected)")
        }

        // RFC 9162 §2.1.3.2, steps 2–5.
        var fn = index
        var sn = size - 1
        var r = leafHash
        for p in hashes {
            guard sn != 0 else {
                throw ProofVerificationError("proof is longer than the path to the root")
            }
            if fn & 1 == 1 || fn == sn {
                r = MerkleTree.nodeHash(left: p, right: r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = MerkleTree.nodeHash(left: r, right: p)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else {
            throw ProofVerificationError("proof is shorter than the path to the root")
        }
        guard r == root else {
            throw ProofVerificationError("the root computed from the proof does not match the expected root")
        }
    }

    /// The number of hashes in the inclusion proof for leaf `index` of a tree of `size` leaves (`index < size`).
    static func pathLength(index: UInt64, size: UInt64) -> Int {
        var position = index
        var remaining = size
        var length = 0
        while remaining > 1 {
            let split = MerkleTree.splitPoint(remaining)
            if position < split {
                remaining = split
            } else {
                position -= split
                remaining -= split
            }
            length += 1
        }
        return length
    }
}
